using System.Diagnostics;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// One destination's open batch in a running worker: adds each message to it (see <see cref="BatchAccumulator"/>), closes
/// it when full or due, by a timer set to its <c>MaxWait</c>, and hands each closed batch to be written. While draining
/// (the worker stops, or the destination's configuration changed) an open batch closes within <see cref="DrainDelay"/>.
/// </summary>
internal sealed class DestinationBatcher : IDisposable
{
    /// <summary>How long a draining batch stays open for the messages still being handed over, so they share one object.</summary>
    internal static readonly TimeSpan DrainDelay = TimeSpan.FromMilliseconds(100);

    private readonly BatchAccumulator accumulator;
    private readonly Dictionary<BatchMessage, BatchEntry> waiting = new(ReferenceEqualityComparer.Instance);
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly Action<ClosedBatch> write;
    private readonly ITimer timer;
    private readonly DateTimeOffset startedAt;
    private readonly long startedAtTimestamp;
    private bool draining;
    private DateTimeOffset? drainBy;

    public DestinationBatcher(Destination destination, TimeProvider time, Action<ClosedBatch> write)
    {
        Destination = destination;
        accumulator = new BatchAccumulator(destination);
        this.time = time;
        this.write = write;
        (startedAt, startedAtTimestamp) = (time.GetUtcNow(), time.GetTimestamp());
        timer = time.CreateTimer(static state => ((DestinationBatcher)state!).CloseDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The configuration this batcher writes with; a changed destination gets a new batcher.</summary>
    public Destination Destination { get; }

    /// <summary>No batch is open: every message added so far has been handed over.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (gate)
            {
                return accumulator.Count == 0;
            }
        }
    }

    /// <summary>
    /// Adds the message and returns what becomes of its batch. Throws <see cref="Core.UndeliverableMessageException"/>,
    /// adding nothing, for a message that cannot be in a batch (its key or metadata). <paramref name="closeNow"/> writes
    /// the batch at once, as for the probe of an unavailable destination.
    /// </summary>
    public Task<BatchOutcome> Add(BatchMessage message, ActivityContext trace, bool closeNow)
    {
        // Continuations run as the batch completes, one after the other in the batch's order, so the messages are
        // acknowledged in about the order RabbitMQ delivered them: 3.10's channel searches its unacknowledged
        // deliveries for each acknowledgement out of order, which tripled the broker's CPU per message (benchmark B4).
        var entry = new BatchEntry(new TaskCompletionSource<BatchOutcome>(), trace);
        List<ClosedBatch> closed;
        lock (gate)
        {
            var full = accumulator.Add(message, Now());
            waiting.Add(message, entry);
            closed = [.. full.Select(Take)];
            if (closeNow && accumulator.TakeAll(BatchCloseReason.Probe) is { } open)
            {
                closed.Add(Take(open));
            }

            Arm();
        }

        closed.ForEach(write);
        return entry.Done.Task;
    }

    /// <summary>Closes the open batch within <see cref="DrainDelay"/>, and every batch opened after it the same way.</summary>
    public void Drain()
    {
        lock (gate)
        {
            draining = true;
            Arm();
        }
    }

    /// <summary>Closes the open batch now, as the last step of a stop; null when it is empty.</summary>
    public ClosedBatch? CloseNow()
    {
        lock (gate)
        {
            draining = true;
            var closed = accumulator.TakeAll(BatchCloseReason.Drain) is { } batch ? Take(batch) : null;
            Arm();
            return closed;
        }
    }

    public void Dispose() => timer.Dispose();

    private void CloseDue()
    {
        ClosedBatch? closed = null;
        lock (gate)
        {
            if ((draining ? accumulator.TakeAll(BatchCloseReason.Drain) : accumulator.TakeDue(Now())) is { } batch)
            {
                closed = Take(batch);
            }

            Arm();
        }

        if (closed is not null)
        {
            write(closed);
        }
    }

    // Called under the lock: the timer fires when the open batch is due, or DrainDelay after draining found it open
    // (not later for every message added meanwhile); not at all while it is empty.
    private void Arm()
    {
        if (accumulator.DueAt is not { } dueAt)
        {
            drainBy = null;
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var now = Now();
        if (draining)
        {
            drainBy ??= now + DrainDelay;
            dueAt = dueAt < drainBy.Value ? dueAt : drainBy.Value;
        }

        timer.Change(TimeSpan.FromTicks(Math.Max(0, (dueAt - now).Ticks)), Timeout.InfiniteTimeSpan);
    }

    // MaxWait is counted on the monotonic clock: a wall clock set back would keep a batch open longer (past RabbitMQ's
    // consumer_timeout, at worst), one set forward would close it early.
    private DateTimeOffset Now() => startedAt + time.GetElapsedTime(startedAtTimestamp);

    private ClosedBatch Take(MessageBatch batch)
    {
        var entries = new BatchEntry[batch.Messages.Count];
        for (var index = 0; index < entries.Length; index++)
        {
            waiting.Remove(batch.Messages[index], out var entry);
            entries[index] = entry!;
        }

        return new ClosedBatch(batch, entries);
    }
}
