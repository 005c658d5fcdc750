namespace S3Consumer.Worker.Storage;

/// <summary>
/// The destination did not take the write: it refused it as a whole, or stayed down through the retries. The message
/// is kept (held) and written once the destination takes writes again.
/// </summary>
public sealed class S3UnavailableException(string code, bool mayHaveBeenWritten, string message, Exception innerException)
    : Exception(message, innerException)
{
    /// <summary>S3's error code, or the kind of network failure (see <see cref="S3Failures"/>).</summary>
    public string Code { get; } = code;

    /// <summary>
    /// An attempt of the write ended without S3's answer (see <see cref="S3Failure.MayHaveStored"/>), so S3 may have
    /// stored the object all the same; a refusal (credentials, bucket, throttling) or no connection stored nothing.
    /// </summary>
    public bool MayHaveBeenWritten { get; } = mayHaveBeenWritten;
}
