using Microsoft.Win32.SafeHandles;

namespace S3Consumer.Core.Objects;

/// <summary>
/// An object's body: the payload bytes exactly as they were delivered, framed as <c>{"data": ...}</c> or, with
/// <see cref="ObjectEnvelope.None"/>, alone.
/// </summary>
public sealed class ObjectContent : IObjectBody
{
    public const string JsonContentType = "application/json";

    // The framed payload's parts, or (for a body spliced with downloaded records) how to open it.
    private readonly ReadOnlyMemory<byte>[]? segments;
    private readonly Func<Stream>? open;

    /// <summary>The body <c>{"data": <paramref name="data"/>}</c>.</summary>
    public ObjectContent(ReadOnlyMemory<byte> data)
        : this(data, ObjectEnvelope.Data)
    {
    }

    public ObjectContent(ReadOnlyMemory<byte> data, ObjectEnvelope envelope)
    {
        Data = data;
        Envelope = envelope;
        Length = envelope.Prefix().Length + data.Length + envelope.Suffix().Length;
        segments = [envelope.Prefix(), data, envelope.Suffix()];
    }

    private ObjectContent(ReadOnlyMemory<byte> data, ObjectEnvelope envelope, long length, Func<Stream> open)
    {
        Data = data;
        Envelope = envelope;
        Length = length;
        this.open = open;
    }

    /// <summary>The payload: the raw bytes of the message's <c>data</c> object (or of a webhook-shaped message).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    public ObjectEnvelope Envelope { get; }

    public string ContentType => JsonContentType;

    public string? ContentEncoding => null;

    public long Length { get; }

    /// <summary>A fresh stream over the body; each write attempt takes its own.</summary>
    public Stream OpenRead() => segments is null ? open!() : new MemorySegmentsStream(segments);

    /// <summary>
    /// This body with the payload's <c>result</c> holding the records in <paramref name="records"/> (a JSON array of
    /// <paramref name="length"/> bytes, read from the file at each write attempt); every other byte of the payload is
    /// kept as sent. The file must stay open as long as the content is written.
    /// </summary>
    public ObjectContent WithRecords(SafeFileHandle records, long length)
    {
        var (head, tail) = ResultMember.Split(Data);
        ReadOnlyMemory<byte>[] before = [Envelope.Prefix(), .. head];
        ReadOnlyMemory<byte>[] after = [.. tail, Envelope.Suffix()];
        return new ObjectContent(
            Data,
            Envelope,
            before.Sum(part => (long)part.Length) + length + after.Sum(part => (long)part.Length),
            () => new SplicedContentStream(before, records, length, after));
    }

    /// <summary>
    /// As <see cref="WithRecords"/>, but with the records read into memory at once, for a message that waits in a batch
    /// longer than the downloaded file lives. Throws <see cref="UndeliverableMessageException"/> for records too large for
    /// one array.
    /// </summary>
    public ObjectContent WithRecordsCopied(SafeFileHandle records, long length)
    {
        var spliced = WithRecords(records, length);
        if (spliced.Length > Array.MaxLength)
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.ResultDownload,
                $"The message's result makes a line of {spliced.Length} bytes, more than one line of a batch object may hold ({Array.MaxLength} bytes, " +
                "held in memory while its batch fills): send results this large to a destination that writes one object per message " +
                "(no Batch:MaxMessages), then move the message back.");
        }

        var framed = new byte[spliced.Length];
        using (var body = spliced.OpenRead())
        {
            body.ReadExactly(framed);
        }

        var (prefix, suffix) = (Envelope.Prefix().Length, Envelope.Suffix().Length);
        return new ObjectContent(framed.AsMemory(prefix, framed.Length - prefix - suffix), Envelope);
    }
}
