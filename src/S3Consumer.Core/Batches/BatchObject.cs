using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Batches;

/// <summary>
/// A batch as the one S3 object it is written as: its messages' lines (NDJSON, compressed as configured) or their rows
/// (see <see cref="RowsBody"/>). Holds its body in pooled buffers: dispose it once the write is done (succeeded or
/// given up), not before, as each attempt reads the body afresh.
/// </summary>
public sealed class BatchObject : IObjectBody, IDisposable
{
    public const string NdjsonContentType = "application/x-ndjson";

    private readonly IDisposable body;
    private readonly Func<Stream> open;
    private readonly Func<long> length;

    internal BatchObject(MessageBatch batch, string key, IReadOnlyList<KeyValuePair<string, string>> metadata, PooledBufferStream lines)
        : this(batch, key, metadata, lines, lines.OpenRead, () => lines.Length, NdjsonContentType, batch.Compression.ContentEncoding(), null)
    {
    }

    internal BatchObject(MessageBatch batch, string key, IReadOnlyList<KeyValuePair<string, string>> metadata, RowsBody rows)
        : this(batch, key, metadata, rows, rows.OpenRead, () => rows.Length, rows.ContentType, rows.ContentEncoding, rows.Rows)
    {
    }

    private BatchObject(
        MessageBatch batch,
        string key,
        IReadOnlyList<KeyValuePair<string, string>> metadata,
        IDisposable body,
        Func<Stream> open,
        Func<long> length,
        string contentType,
        string? contentEncoding,
        long? rows)
    {
        Batch = batch;
        Key = key;
        Metadata = metadata;
        this.body = body;
        this.open = open;
        this.length = length;
        ContentType = contentType;
        ContentEncoding = contentEncoding;
        Rows = rows;
    }

    /// <summary>The messages it holds, in their order in the body; each is acknowledged once S3 accepted the object.</summary>
    public MessageBatch Batch { get; }

    public string Key { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    /// <summary><c>application/x-ndjson</c>, or Parquet's for a batch of Parquet rows.</summary>
    public string ContentType { get; }

    /// <summary>The <c>Content-Encoding</c> to write it with; null for plain NDJSON and for Parquet (compressed inside).</summary>
    public string? ContentEncoding { get; }

    /// <summary>The body's length as written, compressed where configured; 0 once disposed.</summary>
    public long Length => length();

    /// <summary>The rows it holds; null for a batch of <c>Format</c> message, whose lines are its messages.</summary>
    public long? Rows { get; }

    /// <summary>A fresh seekable stream over the body; each write attempt takes its own.</summary>
    public Stream OpenRead() => open();

    public void Dispose() => body.Dispose();
}
