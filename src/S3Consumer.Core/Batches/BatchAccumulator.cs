using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Batches;

/// <summary>
/// Gathers one destination's messages into batches and says when one must close: at <c>MaxMessages</c>, at
/// <c>MaxBytes</c> of uncompressed NDJSON (a message larger than that alone is a batch of its own), or
/// <c>MaxWait</c> after its first message. It keeps no timer: the caller passes the time and asks again at
/// <see cref="DueAt"/>. Not thread-safe: one caller at a time (a lock or a single loop per destination).
/// </summary>
public sealed class BatchAccumulator
{
    private readonly Destination destination;
    private readonly BatchOptions options;
    private readonly BatchCompression compression;
    private readonly ObjectKeyTemplate keyTemplate;

    // The default batch key reads only the event time and batch.id, which every valid message has: no key to check.
    private readonly bool checksKeys;
    private List<BatchMessage> pending = [];
    private DateTimeOffset firstAddedAt;

    public BatchAccumulator(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        options = destination.Options.Batch;
        if (!options.Enabled || !BatchCompressions.TryParse(options.Compression, out compression))
        {
            throw new ArgumentException(
                $"Destination '{destination.Name}' writes no batches (Batch:MaxMessages {options.MaxMessages}, Batch:Compression '{options.Compression}'); " +
                "only a destination with Batch:MaxMessages above 0 and a valid compression has an accumulator.",
                nameof(destination));
        }

        this.destination = destination;
        keyTemplate = BatchKeyTemplates.For(destination, compression);
        checksKeys = !ReferenceEquals(destination.KeyTemplate, ObjectKeyTemplate.Default);
    }

    public int Count => pending.Count;

    /// <summary>The uncompressed NDJSON bytes of the open batch.</summary>
    public long Bytes { get; private set; }

    /// <summary>When the open batch must be written at the latest; null while it is empty.</summary>
    public DateTimeOffset? DueAt => pending.Count == 0 ? null : firstAddedAt + options.MaxWait;

    /// <summary>
    /// Adds a message and returns the batches this closed, oldest first: none, the open one (now full), or the one
    /// before it (which the message would overflow or which was due) and, when the message fills its own, that too.
    /// Throws <see cref="Core.UndeliverableMessageException"/>, adding nothing, for a message that could not be the
    /// first of a batch (its key or metadata): it goes to the error queue alone and fails no batch.
    /// </summary>
    public IReadOnlyList<MessageBatch> Add(BatchMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (checksKeys)
        {
            // The key reads the batch's first message, its last event-id and its count: the message is tried as the
            // first of a batch, and as the last of the open one at its fullest when it joins that one, so that the
            // batch's key cannot fail later.
            var id = BatchId.Of([message.EventId]);
            MessageBatch.RenderKey(keyTemplate, destination.Name, [message], id);
            if (pending.Count > 0 && ClosesBefore(message, now) is null)
            {
                MessageBatch.RenderKey(keyTemplate, destination.Name, [pending[0], message], id, options.MaxMessages);
            }
        }

        BatchMetadata.CheckFits(message, options.MaxMessages, destination.Name);

        var closed = new List<MessageBatch>(2);
        if (pending.Count > 0 && ClosesBefore(message, now) is { } before)
        {
            closed.Add(Close(before));
        }

        if (pending.Count == 0)
        {
            firstAddedAt = now;
        }

        pending.Add(message);
        Bytes += message.LineLength;
        if (Full is { } full)
        {
            closed.Add(Close(full));
        }

        return closed;
    }

    /// <summary>The open batch when <c>MaxWait</c> has passed since its first message; else null.</summary>
    public MessageBatch? TakeDue(DateTimeOffset now) => IsDue(now) ? Close(BatchCloseReason.MaxWait) : null;

    /// <summary>The open batch whatever its size, closed for the caller's reason; null when it is empty.</summary>
    public MessageBatch? TakeAll(BatchCloseReason reason) => pending.Count == 0 ? null : Close(reason);

    // What closes the open batch before this message joins any: the message would take it past MaxBytes, or it is due;
    // null when the message joins it.
    private BatchCloseReason? ClosesBefore(BatchMessage message, DateTimeOffset now) =>
        Bytes + message.LineLength > options.MaxBytes ? BatchCloseReason.MaxBytes
        : IsDue(now) ? BatchCloseReason.MaxWait
        : null;

    // What makes the open batch full; null while it is not.
    private BatchCloseReason? Full =>
        pending.Count >= options.MaxMessages ? BatchCloseReason.MaxMessages
        : Bytes >= options.MaxBytes ? BatchCloseReason.MaxBytes
        : null;

    private bool IsDue(DateTimeOffset now) => DueAt is { } dueAt && now >= dueAt;

    private MessageBatch Close(BatchCloseReason reason)
    {
        var batch = new MessageBatch(destination, compression, keyTemplate, pending, Bytes, reason);
        pending = [];
        Bytes = 0;
        return batch;
    }
}
