namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// A message found in S3: the destination and object that hold it, the SHA-256 of the bytes it was written as (its
/// object's, or its batch line's), where in the object it is (a line number; 0 for an object of its own), and when
/// s3rver finished writing the object.
/// </summary>
internal sealed record StoredMessage(long Number, string Destination, string Key, int Line, byte[] Hash, DateTime WrittenAt);
