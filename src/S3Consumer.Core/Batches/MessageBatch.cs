using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Batches;

/// <summary>
/// Messages of one destination and one partition closed into a batch, in arrival order; <see cref="Write"/> makes its
/// object: a closed batch of messages to the object's key, metadata and body.
/// </summary>
public sealed class MessageBatch
{
    private readonly BatchKey key;
    private string? id;

    internal MessageBatch(Destination destination, BatchKey key, OpenBatch batch, BatchCloseReason closedBy)
    {
        Destination = destination;
        this.key = key;
        Messages = batch.Messages;
        UncompressedBytes = batch.Bytes;
        Partition = batch.Partition;
        Time = batch.Earliest;
        ClosedBy = closedBy;
    }

    public Destination Destination { get; }

    public BatchCompression Compression => key.Compression;

    public IReadOnlyList<BatchMessage> Messages { get; }

    /// <summary>The NDJSON's length before compression.</summary>
    public long UncompressedBytes { get; }

    /// <summary><c>batch.partition</c>: the partition every message of it has; null where the destination sets no <c>Batch:PartitionBy</c>.</summary>
    public string? Partition { get; }

    /// <summary><c>batch.time</c>: the earliest event time of its messages, so that the same messages give the same key in any order.</summary>
    public EventTime Time { get; }

    public BatchCloseReason ClosedBy { get; }

    /// <summary><c>batch.id</c>: derived from the event-ids it holds (see <see cref="BatchId"/>).</summary>
    public string Id => id ??= BatchId.Of(Messages.Select(message => message.EventId));

    /// <summary>What its object holds: its destination's <c>Format</c>.</summary>
    public ObjectFormat Format => Destination.Format;

    /// <summary>
    /// Makes its object as its destination's <c>Format</c> says: its messages' lines (see <see cref="Write"/>), or their
    /// rows, as NDJSON (compressed as configured) or Parquet, written by <see cref="RowsBody"/> into pooled buffers.
    /// </summary>
    public async Task<BatchObject> WriteAsync(CancellationToken cancellationToken)
    {
        if (Format == ObjectFormat.Message)
        {
            return Write();
        }

        var objectKey = RenderKey();
        var metadata = BatchMetadata.Of(Messages);
        var rows = await RowsBody.WriteAsync(Format, Compression, Messages.Select(RowsOf), cancellationToken).ConfigureAwait(false);
        return new BatchObject(this, objectKey, metadata, rows);
    }

    /// <summary>
    /// Renders the key and metadata and writes the NDJSON of its messages' lines (<c>Format</c> message), compressed
    /// as configured, into pooled buffers: the object costs its compressed size in memory beside the messages it holds
    /// (plain NDJSON: its full size).
    /// </summary>
    public BatchObject Write()
    {
        var objectKey = RenderKey();
        var metadata = BatchMetadata.Of(Messages);
        var body = new PooledBufferStream();
        try
        {
            if (Compression == BatchCompression.None)
            {
                WriteLines(body);
            }
            else
            {
                using var compressor = Compression.Compress(body);
                WriteLines(compressor);
            }

            return new BatchObject(this, objectKey, metadata, body);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private string RenderKey() => key.Render(Destination.Name, Partition, Time, Messages.Count, Id, Messages[0], Messages[^1]);

    // Every message of a batch was made for its configuration (BatchMessage.WrittenBy), rows and all.
    private static MessageRows RowsOf(BatchMessage message) =>
        message.Rows ?? throw new InvalidOperationException($"Message {message.EventId} joined a batch of rows without its rows.");

    private void WriteLines(Stream output)
    {
        foreach (var message in Messages)
        {
            output.Write(message.Envelope.Prefix().Span);
            output.Write(message.Data.Span);
            output.Write(message.Envelope.Suffix().Span);
            output.WriteByte((byte)'\n');
        }
    }
}
