using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Batches;

/// <summary>
/// Every open batch of a worker: one per destination and partition value (so no object mixes destinations or
/// partitions), each closed at <c>MaxMessages</c>, at <c>MaxBytes</c> of uncompressed NDJSON (a larger message is a
/// batch of its own) or <c>MaxWait</c> after its first message. Together they stay within two bounds, closing batches
/// early to do so: each destination's <c>MaxOpenPartitions</c> (a message that would open one more batch has the
/// destination's oldest closed first, by <see cref="BatchCloseReason.Partitions"/>), and the worker's memory (by
/// <see cref="BatchCloseReason.Memory"/>): the bytes the open batches hold (a message that would pass them has the
/// largest batch of any destination closed first, so that they pass it by one message at most) and the messages they
/// hold (which wait unacknowledged, so that the broker, which delivers no more than a queue's prefetch unacknowledged,
/// always has room to deliver the messages that fill them).
/// </summary>
/// <remarks>
/// It keeps no timer: the caller passes the time, and asks again at <see cref="DueAt"/>. Not thread-safe: one caller
/// at a time. The destination passed is its configuration; one that is not <c>configured</c> under its name any more
/// (a reload replaced or removed it) drains.
/// </remarks>
public sealed class OpenBatches(long maxHeldBytes, int maxMessages, Func<string, Destination?> configured)
{
    /// <summary>How long a draining batch stays open for the messages still being handed over, so that they share one object.</summary>
    public static readonly TimeSpan DrainDelay = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<Destination, DestinationBatches> configurations = new(ReferenceEqualityComparer.Instance);
    private bool stopping;
    private DateTimeOffset? dueAt;
    private bool dueAtKnown = true;

    /// <summary>Open batches, of every destination.</summary>
    public int Count { get; private set; }

    /// <summary>Messages waiting in open batches.</summary>
    public int Messages { get; private set; }

    /// <summary>What the open batches' messages keep in memory, as weighed by the caller.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>When the next batch must be written; null while none is open.</summary>
    public DateTimeOffset? DueAt
    {
        get
        {
            if (!dueAtKnown)
            {
                dueAt = configurations.Values.Select(batches => batches.Oldest is { } oldest ? batches.DueOf(oldest).At : (DateTimeOffset?)null).Min();
                dueAtKnown = true;
            }

            return dueAt;
        }
    }

    /// <summary>
    /// Adds a message to its destination's open batch of its partition and returns the batches this closed, in the order
    /// they closed: to make room for it (by <c>MaxBytes</c>, <c>MaxWait</c>, <see cref="BatchCloseReason.Partitions"/>
    /// or <see cref="BatchCloseReason.Memory"/>), then its own when it is full, or at once with <paramref name="closeNow"/>
    /// (as <see cref="BatchCloseReason.Probe"/>). Throws <see cref="UndeliverableMessageException"/>, changing nothing,
    /// for a message that could be in no batch of the destination (see <see cref="BatchMessage.WrittenBy"/>).
    /// </summary>
    /// <param name="held">What the message keeps in memory while it waits, counted against the byte bound.</param>
    public IReadOnlyList<MessageBatch> Add(Destination destination, BatchMessage message, long held, DateTimeOffset now, bool closeNow = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(message);
        message = message.WrittenBy(destination);
        var batches = configurations.GetValueOrDefault(destination) ?? new DestinationBatches(destination);
        var open = batches.Find(message.Partition);
        var before = open is null ? null : ClosesBefore(open, message, now);
        if (open is not null && before is null)
        {
            batches.Key.CheckJoining(destination, open, message, batches.Options.MaxMessages);
        }

        // Nothing has changed so far: a message refused above leaves everything as it was.
        Track(batches, now);
        var closed = new List<MessageBatch>(2);
        if (before is { } reason)
        {
            closed.Add(Close(open!, reason));
            open = null;
        }

        if (open is null && batches.Count >= batches.Options.MaxOpenPartitions)
        {
            closed.Add(Close(batches.Oldest!, BatchCloseReason.Partitions));
        }

        while (HeldBytes + held > maxHeldBytes && Largest(batch => batch.Held) is { } largest)
        {
            closed.Add(Close(largest, BatchCloseReason.Memory));
            open = ReferenceEquals(largest, open) ? null : open;
        }

        while (Messages >= maxMessages && Largest(batch => batch.Messages.Count) is { } fullest)
        {
            closed.Add(Close(fullest, BatchCloseReason.Memory));
            open = ReferenceEquals(fullest, open) ? null : open;
        }

        if (open is null)
        {
            open = batches.Open(message.Partition, now);
            Count++;
            dueAtKnown = false;
        }

        open.Add(message, held);
        Messages++;
        HeldBytes += held;
        if (Full(open) is { } full)
        {
            closed.Add(Close(open, full));
        }
        else if (closeNow)
        {
            closed.Add(Close(open, BatchCloseReason.Probe));
        }

        return closed;
    }

    /// <summary>The batches due by <paramref name="now"/>: <c>MaxWait</c> has passed since their first message, or their drain delay.</summary>
    public IReadOnlyList<MessageBatch> TakeDue(DateTimeOffset now)
    {
        var due = new List<MessageBatch>();
        foreach (var batches in configurations.Values.ToList())
        {
            while (batches.Oldest is { } oldest && batches.DueOf(oldest) is var (at, reason) && at <= now)
            {
                due.Add(Close(oldest, reason));
            }
        }

        return due;
    }

    /// <summary>
    /// The batches of every configuration that is not its destination's any more (a reload replaced or removed it)
    /// close within <see cref="DrainDelay"/>, and so does every batch such a configuration opens later.
    /// </summary>
    public void DrainReplaced(DateTimeOffset now)
    {
        foreach (var batches in configurations.Values.ToList())
        {
            if (!ReferenceEquals(configured(batches.Destination.Name), batches.Destination))
            {
                Drain(batches, now);
            }
        }
    }

    /// <summary>Closes every open batch now, for the worker's stop; a batch opened after it closes within <see cref="DrainDelay"/>.</summary>
    public IReadOnlyList<MessageBatch> Stop(DateTimeOffset now)
    {
        stopping = true;
        var closed = new List<MessageBatch>();
        foreach (var batches in configurations.Values.ToList())
        {
            Drain(batches, now);
            closed.AddRange(batches.All.ToList().Select(batch => Close(batch, BatchCloseReason.Drain)));
        }

        return closed;
    }

    // A configuration seen for the first time: it drains if it is not its destination's (a message resolved before a
    // reload, for a destination since removed), or the worker stops; if it is, the one it replaced drains, whether or
    // not the reload was announced yet.
    private void Track(DestinationBatches batches, DateTimeOffset now)
    {
        if (!configurations.TryAdd(batches.Destination, batches))
        {
            return;
        }

        if (stopping || !ReferenceEquals(configured(batches.Destination.Name), batches.Destination))
        {
            batches.DrainingSince = now;
            return;
        }

        foreach (var replaced in configurations.Values.Where(other => other != batches && other.DrainingSince is null).ToList())
        {
            if (string.Equals(replaced.Destination.Name, batches.Destination.Name, StringComparison.OrdinalIgnoreCase))
            {
                Drain(replaced, now);
            }
        }
    }

    private void Drain(DestinationBatches batches, DateTimeOffset now)
    {
        batches.DrainingSince ??= now;
        dueAtKnown = false;
        if (batches.Count == 0)
        {
            configurations.Remove(batches.Destination);
        }
    }

    // What closes the open batch before this message joins it: the message would take it past MaxBytes, or it is due;
    // null when the message joins it.
    private static BatchCloseReason? ClosesBefore(OpenBatch batch, BatchMessage message, DateTimeOffset now) =>
        batch.Bytes + message.LineLength > batch.Owner.Options.MaxBytes ? BatchCloseReason.MaxBytes
        : batch.Owner.DueOf(batch) is var (at, reason) && now >= at ? reason
        : null;

    private static BatchCloseReason? Full(OpenBatch batch) =>
        batch.Messages.Count >= batch.Owner.Options.MaxMessages ? BatchCloseReason.MaxMessages
        : batch.Bytes >= batch.Owner.Options.MaxBytes ? BatchCloseReason.MaxBytes
        : null;

    // The open batch of any destination with the most of what weigh measures; null when none is open. Scanned only when
    // one must close for memory, which frees at least its share of the bound.
    private OpenBatch? Largest(Func<OpenBatch, long> weigh) =>
        configurations.Values.SelectMany(batches => batches.All).MaxBy(weigh);

    private MessageBatch Close(OpenBatch batch, BatchCloseReason reason)
    {
        var batches = batch.Owner;
        batches.Remove(batch);
        Count--;
        Messages -= batch.Messages.Count;
        HeldBytes -= batch.Held;
        dueAtKnown = false;
        if (batches.Count == 0 && batches.DrainingSince is not null)
        {
            configurations.Remove(batches.Destination);
        }

        return new MessageBatch(batches.Destination, batches.Key, batch, reason);
    }
}
