using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

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
