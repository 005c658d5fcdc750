using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Batches;

/// <summary>
/// One message waiting for its batch: what its single object would hold (<c>{"data": ...}</c>, or the message alone
/// with <see cref="ObjectEnvelope.None"/>), its nine metadata fields and its event time. Compared by reference, so a caller can map it back to the delivery it acknowledges.
/// </summary>
public sealed class BatchMessage
{
    public BatchMessage(ObjectContent content, ObjectMetadata metadata, EventTime time)
        : this(OnOneLine(content?.Data ?? throw new ArgumentNullException(nameof(content))), content.Envelope, metadata, time)
    {
    }

    private BatchMessage(ReadOnlyMemory<byte> data, ObjectEnvelope envelope, ObjectMetadata metadata, EventTime time)
    {
        Data = data;
        Envelope = envelope;
        Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        Time = time;
    }

    /// <summary>The payload, fit for one NDJSON line.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>What its line holds around <see cref="Data"/>.</summary>
    public ObjectEnvelope Envelope { get; }

    public ObjectMetadata Metadata { get; }

    public EventTime Time { get; }

    public string EventId => Metadata.EventId;

    /// <summary>
    /// The message as written by <paramref name="destination"/>'s configuration: itself, or, for a message resolved
    /// before a reload that changed the destination's <c>Id</c> or <c>Envelope</c>, a copy with the new one.
    /// </summary>
    public BatchMessage WrittenBy(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Metadata.DestinationId == destination.Id && Envelope == destination.Envelope
            ? this
            : new BatchMessage(Data, destination.Envelope, Metadata with { DestinationId = destination.Id }, Time);
    }

    /// <summary>The bytes of its line in the uncompressed NDJSON, the newline included.</summary>
    public long LineLength => Envelope.Prefix().Length + Data.Length + Envelope.Suffix().Length + 1;

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
