using System.Globalization;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Batches;

/// <summary>Messages of one destination closed into a batch, in arrival order; <see cref="Write"/> makes its object.</summary>
public sealed class MessageBatch
{
    private readonly ObjectKeyTemplate keyTemplate;
    private string? id;

    internal MessageBatch(
        Destination destination,
        BatchCompression compression,
        ObjectKeyTemplate keyTemplate,
        IReadOnlyList<BatchMessage> messages,
        long uncompressedBytes,
        BatchCloseReason closedBy)
    {
        Destination = destination;
        Compression = compression;
        this.keyTemplate = keyTemplate;
        Messages = messages;
        UncompressedBytes = uncompressedBytes;
        ClosedBy = closedBy;
    }

    public Destination Destination { get; }

    public BatchCompression Compression { get; }

    public IReadOnlyList<BatchMessage> Messages { get; }

    /// <summary>The NDJSON's length before compression.</summary>
    public long UncompressedBytes { get; }

    public BatchCloseReason ClosedBy { get; }

    /// <summary><c>batch.id</c>: derived from the event-ids it holds (see <see cref="BatchId"/>).</summary>
    public string Id => id ??= BatchId.Of(Messages.Select(message => message.EventId));

    /// <summary>
    /// Renders the key and metadata and writes the NDJSON, compressed as configured, into pooled buffers: the
    /// object costs its compressed size in memory beside the messages it holds (plain NDJSON: its full size).
    /// </summary>
    public BatchObject Write()
    {
        var key = RenderKey(keyTemplate, Destination.Name, Messages, Id);
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

            return new BatchObject(this, key, metadata, body);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The key of a batch: the template over the first message's metadata, time and data, plus <c>batch</c> (its
    /// <c>count</c> that of <paramref name="messages"/> unless <paramref name="count"/> is given).
    /// </summary>
    internal static string RenderKey(ObjectKeyTemplate template, string destinationName, IReadOnlyList<BatchMessage> messages, string batchId, int? count = null)
    {
        var first = messages[0];
        KeyValuePair<string, string>[] batch =
        [
            new("count", (count ?? messages.Count).ToString(CultureInfo.InvariantCulture)),
            new("id", batchId),
            new("first_event_id", first.EventId),
            new("last_event_id", messages[^1].EventId),
        ];
        var context = KeyContext.Create(first.Metadata, first.Time, template.ReadsData ? first.Data : (ReadOnlyMemory<byte>?)null, batch);
        return template.Render(context, destinationName);
    }

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
