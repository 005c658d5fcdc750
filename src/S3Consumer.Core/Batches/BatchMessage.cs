using System.Runtime.InteropServices;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Batches;

/// <summary>
/// One message waiting for its batch: what its single object would hold (<c>{"data": ...}</c>, or the message alone
/// with <see cref="ObjectEnvelope.None"/>), its nine metadata fields, its event time and its partition. Compared by
/// reference, so a caller can map it back to the delivery it acknowledges.
/// </summary>
public sealed class BatchMessage
{
    // The payload as delivered, which Batch:PartitionBy reads; the line's may hold a downloaded result instead.
    private readonly ReadOnlyMemory<byte> payload;

    // The configuration it was made for by WrittenBy: its Id, its partition, and the checks of its batches' key and metadata.
    private readonly Destination? writtenBy;

    public BatchMessage(ObjectContent content, ObjectMetadata metadata, EventTime time)
        : this(OnOneLine(content?.Data ?? throw new ArgumentNullException(nameof(content))), content.Data, content.Envelope, metadata, time, null, null)
    {
    }

    private BatchMessage(
        ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> payload, ObjectEnvelope envelope, ObjectMetadata metadata, EventTime time, string? partition, Destination? writtenBy)
    {
        Data = data;
        this.payload = payload;
        Envelope = envelope;
        Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        Time = time;
        Partition = partition;
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

    /// <summary>The bytes of its line in the uncompressed NDJSON, the newline included.</summary>
    public long LineLength => Envelope.Prefix().Length + Data.Length + Envelope.Suffix().Length + 1;

    /// <summary>
    /// The bytes its line keeps in memory while it waits: the whole array its payload is a part of (the delivered body,
    /// for a payload written as it came), or its own copy (a payload put on one line, a downloaded result read into it).
    /// </summary>
    public long RetainedBytes => MemoryMarshal.TryGetArray(Data, out var array) ? array.Array!.Length : Data.Length;

    /// <summary>
    /// The message as <paramref name="destination"/>'s configuration writes it: with its <c>Id</c> and <c>Envelope</c> (a
    /// message resolved before a reload that changed them carries the new ones) and its partition by its
    /// <c>Batch:PartitionBy</c>. Throws <see cref="UndeliverableMessageException"/> for a message that could be in no batch
    /// of it: its partition, its batch's key or metadata with it alone. Itself when it was made for this configuration already.
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
        var written = new BatchMessage(Data, payload, destination.Envelope, metadata, Time, partition, destination);
        BatchKey.Of(destination).CheckAlone(destination, written);
        BatchMetadata.CheckFits(written, destination.Options.Batch.MaxMessages, destination.Name);
        return written;
    }

    /// <summary>The message with its line holding <paramref name="content"/> (the payload with its downloaded result); all else the same.</summary>
    public BatchMessage WithContent(ObjectContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new BatchMessage(OnOneLine(content.Data), payload, Envelope, Metadata, Time, Partition, writtenBy);
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
