using S3Consumer.Core.Batches;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Rows;

/// <summary>
/// The body of an object of rows, written whole into pooled buffers from messages' rows: NDJSON (compressed as the
/// destination's batches are, <c>Content-Encoding</c> set) or Parquet (compressed inside). Dispose it once the write
/// is done, not before, as each attempt reads the body afresh.
/// </summary>
public sealed class RowsBody : IObjectBody, IDisposable
{
    private readonly PooledBufferStream body;

    private RowsBody(PooledBufferStream body, ObjectFormat format, BatchCompression compression, long rows)
    {
        this.body = body;
        Rows = rows;
        (ContentType, ContentEncoding) = format == ObjectFormat.Parquet
            ? (ObjectFormats.ParquetContentType, null)
            : (BatchObject.NdjsonContentType, compression.ContentEncoding());
    }

    public string ContentType { get; }

    public string? ContentEncoding { get; }

    public long Length => body.Length;

    /// <summary>The rows it holds (none for messages without records: such a body is not worth writing).</summary>
    public long Rows { get; }

    public Stream OpenRead() => body.OpenRead();

    public void Dispose() => body.Dispose();

    /// <summary>The rows of the messages (a closed batch's, or one message's), in their order.</summary>
    /// <param name="format">Records or Parquet.</param>
    /// <param name="compression">The destination's <c>Batch:Compression</c>; none for one object per message.</param>
    public static Task<RowsBody> WriteAsync(ObjectFormat format, BatchCompression compression, IEnumerable<MessageRows> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return WriteAsync(format, compression, messages.Select(rows => (rows.Columns, rows.ReadRecords(), Owned: true)), cancellationToken);
    }

    /// <summary>
    /// The rows of one message whose records are read by <paramref name="records"/> (downloaded from a <c>url</c>
    /// result), which the caller disposes. Throws <see cref="UndeliverableMessageException"/> for records that are no rows.
    /// </summary>
    public static Task<RowsBody> WriteAsync(ObjectFormat format, BatchCompression compression, MessageColumns columns, RecordReader records, CancellationToken cancellationToken) =>
        WriteAsync(format, compression, [(columns, records, Owned: false)], cancellationToken);

    private static async Task<RowsBody> WriteAsync(
        ObjectFormat format, BatchCompression compression, IEnumerable<(MessageColumns Columns, RecordReader Records, bool Owned)> messages, CancellationToken cancellationToken)
    {
        if (format == ObjectFormat.Message)
        {
            throw new ArgumentException("A destination of Format message writes messages, not rows.", nameof(format));
        }

        var body = new PooledBufferStream();
        try
        {
            var rows = format == ObjectFormat.Parquet
                ? await WriteParquetAsync(body, compression, messages, cancellationToken).ConfigureAwait(false)
                : WriteNdjson(body, compression, messages);
            return new RowsBody(body, format, compression, rows);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private static async Task<long> WriteParquetAsync(
        Stream body, BatchCompression compression, IEnumerable<(MessageColumns Columns, RecordReader Records, bool Owned)> messages, CancellationToken cancellationToken)
    {
        await using var writer = await ParquetRowsWriter.CreateAsync(body, compression, cancellationToken).ConfigureAwait(false);
        foreach (var (columns, records, owned) in messages)
        {
            using (owned ? records : null)
            {
                await writer.WriteAsync(columns, records, cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return writer.Rows;
    }

    private static long WriteNdjson(Stream body, BatchCompression compression, IEnumerable<(MessageColumns Columns, RecordReader Records, bool Owned)> messages)
    {
        using var compressed = compression == BatchCompression.None ? null : compression.Compress(body);
        var writer = new NdjsonRowsWriter(compressed ?? body);
        foreach (var (columns, records, owned) in messages)
        {
            using (owned ? records : null)
            {
                writer.Write(columns, records);
            }
        }

        return writer.Rows;
    }
}
