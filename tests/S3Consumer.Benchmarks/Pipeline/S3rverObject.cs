namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>An object as s3rver stores it: its key, the file that holds its bytes, and when s3rver finished writing it.</summary>
internal sealed record S3rverObject(string Key, string File, DateTime WrittenAt);
