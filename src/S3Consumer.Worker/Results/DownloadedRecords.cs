using Microsoft.Win32.SafeHandles;

namespace S3Consumer.Worker.Results;

/// <summary>
/// A downloaded result, kept in a temporary file (deleted when disposed) rather than in memory: it may hold up to
/// <c>Results:MaxBytes</c>, and the object's body reads it from there at each write attempt.
/// </summary>
public sealed class DownloadedRecords : IDisposable
{
    private DownloadedRecords(SafeFileHandle file) => File = file;

    public SafeFileHandle File { get; }

    public long Length { get; private set; }

    public static DownloadedRecords Create() => new(System.IO.File.OpenHandle(
        Path.Combine(Path.GetTempPath(), $"s3consumer-result-{Guid.NewGuid():N}.json"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose));

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await RandomAccess.WriteAsync(File, bytes, Length, cancellationToken).ConfigureAwait(false);
        Length += bytes.Length;
    }

    public void Dispose() => File.Dispose();
}
