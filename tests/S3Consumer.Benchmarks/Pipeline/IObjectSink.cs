using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>Where the worker writes in a run: the local s3rver (B2) or the blackhole (B3), with a way to tell when it is done.</summary>
internal interface IObjectSink
{
    /// <summary>The endpoint the worker's destination points at.</summary>
    Uri Url { get; }

    string Bucket { get; }

    /// <summary>The process that serves the endpoint, for CPU time: its name in the report and its pid.</summary>
    (string Name, int Pid) Process { get; }

    /// <summary>How often to count: counting may cost a directory listing.</summary>
    TimeSpan CountInterval { get; }

    /// <summary>What has been written so far.</summary>
    Written Written();

    /// <summary>When the last object was written.</summary>
    DateTime LastWrittenAt();
}

/// <summary>
/// Objects written (one PUT each), the messages they hold and their bytes as stored (compressed, for a compressed batch).
/// A batch object says how many messages it holds in its <c>batch-count</c> user metadata; an object without it holds one.
/// </summary>
internal readonly record struct Written(int Objects, int Messages, long Bytes)
{
    /// <summary>The S3 user metadata field, as an HTTP header, that carries a batch object's message count.</summary>
    public const string BatchCountHeader = "x-amz-meta-batch-count";

    /// <summary>The messages an object holds, from its <c>batch-count</c> metadata (null or absent: one).</summary>
    public static int MessagesIn(string? batchCount) =>
        batchCount is null ? 1
        : int.TryParse(batchCount, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
        : throw new InvalidOperationException($"An object's {BatchCountHeader} is '{batchCount}', not a positive whole number.");

    public Written Add(int messages, long bytes) => new(Objects + 1, Messages + messages, Bytes + bytes);

    public string Describe() => Text.Invariant($"{Objects:N0} PUTs, {Text.Kilobytes(Bytes):N0} KB written");
}
