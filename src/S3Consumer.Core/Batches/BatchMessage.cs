using System.Runtime.InteropServices;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Batches;

/// <summary>
/// One message waiting for its batch: what its single object would hold (<c>{"data": ...}</c>, or the message alone
/// with <see cref="ObjectEnvelope.None"/>), its nine metadata fields, its event time and its partition, and for a
/// destination of rows (<c>Format</c> records or parquet) its <see cref="Rows"/>. Compared by reference, so a caller
/// can map it back to the delivery it acknowledges.
/// </summary>
public sealed class BatchMessage
{
    // The payload as delivered, which Batch:PartitionBy reads; the line's may hold a downloaded result instead.
    private readonly ReadOnlyMemory<byte> payload;

    // What the line holds as given (a downloaded result spliced in), not put on one line: what rows are read from.
    private readonly ReadOnlyMemory<byte> content;

    private readonly MessageShape shape;

    // The configuration it was made for by WrittenBy: its Id, its partition, and the checks of its batches' key and metadata.
    private readonly Destination? writtenBy;

    /// <param name="shape">How the message carried its payload: where its records are, for the reasons of its rows.</param>
    public BatchMessage(ObjectContent content, ObjectMetadata metadata, EventTime time, MessageShape shape = MessageShape.Wrapped)
        : this(OnOneLine(content?.Data ?? throw new ArgumentNullException(nameof(content))), content.Data, content.Data, shape, content.Envelope, metadata, time, null, null, null)
    {
    }

    private BatchMessage(
        ReadOnlyMemory<byte> data,
        ReadOnlyMemory<byte> content,
        ReadOnlyMemory<byte> payload,
        MessageShape shape,
        ObjectEnvelope envelope,
        ObjectMetadata metadata,
        EventTime time,
        string? partition,
        MessageRows? rows,
        Destination? writtenBy)
    {
        Data = data;
        this.content = content;
        this.payload = payload;
        this.shape = shape;
        Envelope = envelope;
        Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        Time = time;
        Partition = partition;
        Rows = rows;
        this.writtenBy = writtenBy;
    }

    /// <summary>The payload, fit for one NDJSON line.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>What its line holds around <see cref="Data"/>.</summary>
    public ObjectEnvelope Envelope { get; }

    public ObjectMetadata Metadata { get; }

    public EventTime Time { get; }

    public string EventId => Metadata.EventId;

    /// <summary>Its destination's <c>Batch:PartitionBy</c> over it (see <see cref="WrittenBy"/>): it joins only a batch of this value; null without one.</summary>
    public string? Partition { get; }

    /// <summary>
    /// Its rows, made by <see cref="WrittenBy"/> for a destination of <c>Format</c> records or parquet (none for a
    /// message without records); null for one of <c>Format</c> message.
    /// </summary>
    public MessageRows? Rows { get; }

    /// <summary>The bytes of its line in the uncompressed NDJSON, the newline included; of its rows as NDJSON, about, where it has rows.</summary>
    public long LineLength => Rows?.Bytes ?? Envelope.Prefix().Length + Data.Length + Envelope.Suffix().Length + 1;

    /// <summary>
    /// The bytes its line keeps in memory while it waits: the whole array its payload is a part of (the delivered body,
    /// for a payload written as it came), or its own copy (a payload put on one line, a downloaded result read into it).
    /// </summary>
    public long RetainedBytes => MemoryMarshal.TryGetArray(Data, out var array) ? array.Array!.Length : Data.Length;

    /// <summary>
    /// The message as <paramref name="destination"/>'s configuration writes it: with its <c>Id</c> and <c>Envelope</c> (a
    /// message resolved before a reload that changed them carries the new ones) and its partition by its
    /// <c>Batch:PartitionBy</c>. Throws <see cref="UndeliverableMessageException"/> for a message that could be in no batch
    /// of it: its partition, its batch's key or metadata with it alone, its rows for a destination of rows (records that
    /// are no objects, a field given twice). Itself when it was made for this configuration already.
    /// </summary>
    public BatchMessage WrittenBy(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (ReferenceEquals(writtenBy, destination))
        {
            return this;
        }

        var metadata = Metadata.DestinationId == destination.Id ? Metadata : Metadata with { DestinationId = destination.Id };
        var partition = destination.PartitionBy?.Render(metadata, Time, payload, destination.Name);

        // Rows are read from the content as given: a line of them needs no line breaks turned into spaces.
        var rows = destination.Format == ObjectFormat.Message ? null : MessageRows.Of(content, shape, metadata, Time);
        var data = rows is not null ? content : Rows is not null ? OnOneLine(content) : Data;
        var written = new BatchMessage(data, content, payload, shape, destination.Envelope, metadata, Time, partition, rows, destination);
        BatchKey.Of(destination).CheckAlone(destination, written);
        BatchMetadata.CheckFits(written, destination.Options.Batch.MaxMessages, destination.Name);
        return written;
    }

    /// <summary>
    /// The message with its line holding <paramref name="content"/> (the payload with its downloaded result); all else the
    /// same, but that it is to be made for its destination again (<see cref="WrittenBy"/>), its rows read from it.
    /// </summary>
    public BatchMessage WithContent(ObjectContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new BatchMessage(OnOneLine(content.Data), content.Data, payload, shape, Envelope, Metadata, Time, Partition, null, null);
    }

    // Valid JSON carries line breaks only as whitespace between tokens (inside strings they must be escaped), so a
    // pretty-printed payload becomes one line by turning them into spaces: same length, every value byte for byte.
    // Only such payloads are copied.
    private static ReadOnlyMemory<byte> OnOneLine(ReadOnlyMemory<byte> data)
    {
        if (data.Span.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            return data;
        }

        var copy = data.ToArray();
        copy.AsSpan().Replace((byte)'\n', (byte)' ');
        copy.AsSpan().Replace((byte)'\r', (byte)' ');
        return copy;
    }
}
