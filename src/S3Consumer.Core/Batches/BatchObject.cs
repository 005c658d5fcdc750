using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Batches;

/// <summary>
/// A batch as the one S3 object it is written as. Holds its body in pooled buffers: dispose it once the write is
/// done (succeeded or given up), not before, as each attempt reads the body afresh.
/// </summary>
public sealed class BatchObject : IObjectBody, IDisposable
{
    public const string NdjsonContentType = "application/x-ndjson";

    private readonly PooledBufferStream body;

    internal BatchObject(MessageBatch batch, string key, IReadOnlyList<KeyValuePair<string, string>> metadata, PooledBufferStream body)
    {
        Batch = batch;
        Key = key;
        Metadata = metadata;
        this.body = body;
    }

    /// <summary>The messages it holds, in their order in the body; each is acknowledged once S3 accepted the object.</summary>
    public MessageBatch Batch { get; }

    public string Key { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    public string ContentType => NdjsonContentType;

    /// <summary>The <c>Content-Encoding</c> to write it with; null for plain NDJSON.</summary>
    public string? ContentEncoding => Batch.Compression.ContentEncoding();

    /// <summary>The body's length as written, compressed where configured.</summary>
    public long Length => body.Length;

    /// <summary>A fresh seekable stream over the body; each write attempt takes its own.</summary>
    public Stream OpenRead() => body.OpenRead();

    public void Dispose() => body.Dispose();
}
