namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// A message found in S3: the destination and object that hold it, the SHA-256 it was read back with (of its object's
/// bytes, its batch line's, or its rows'), where in the object it is (a line number; 0 for an object of its own or
/// rows), when s3rver finished writing the object, and its rows there (null for a destination that writes messages).
/// </summary>
internal sealed record StoredMessage(long Number, string Destination, string Key, int Line, byte[] Hash, DateTime WrittenAt, int? Rows = null)
{
    /// <summary>Where it is, for a report.</summary>
    public string Where => Rows is { } rows ? $"{Key} ({rows} rows)" : Line == 0 ? Key : $"{Key} line {Line}";
}
