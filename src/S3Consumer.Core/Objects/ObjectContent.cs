namespace S3Consumer.Core.Objects;

/// <summary>An object's body, <c>{"data": ...}</c>, framed around the payload bytes exactly as they were delivered.</summary>
public sealed class ObjectContent(ReadOnlyMemory<byte> data)
{
    public const string ContentType = "application/json";

    // Batch objects frame each line the same way.
    internal static readonly ReadOnlyMemory<byte> Prefix = "{\"data\":"u8.ToArray();
    internal static readonly ReadOnlyMemory<byte> Suffix = "}"u8.ToArray();

    /// <summary>The payload: the raw bytes of the message's <c>data</c> object.</summary>
    public ReadOnlyMemory<byte> Data { get; } = data;

    public long Length => Prefix.Length + Data.Length + Suffix.Length;

    /// <summary>A fresh stream over the body; each write attempt takes its own.</summary>
    public Stream OpenRead() => new MemorySegmentsStream(Prefix, Data, Suffix);
}
