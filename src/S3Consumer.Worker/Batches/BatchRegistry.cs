using System.Diagnostics;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// The worker's open batches (see <see cref="OpenBatches"/>: one per destination and partition, within each
/// destination's <c>Batch:MaxOpenPartitions</c>, <c>Batches:MaxBufferedBytes</c> and the room the queues make for
/// waiting messages) as messages come in. Each message's consumer waits until its batch's object is written, so a message
/// is acknowledged only once S3 has it. One lock guards the bookkeeping alone: a message's partition, key and metadata are
/// tried before it, and each closed batch's object is made and written after it (by <see cref="BatchWrites"/>). A timer
/// closes each batch when it is due: <c>MaxWait</c> after its first message, or within the drain delay once a reload
/// changed or removed its destination (a message resolved before joins the batch of the configuration that replaced it).
/// </summary>
public sealed class BatchRegistry : IDisposable
{
    private readonly OpenBatches open;
    private readonly Dictionary<BatchMessage, BatchEntry> waiting = new(ReferenceEqualityComparer.Instance);
    private readonly Lock gate = new();
    private readonly DestinationCatalog destinations;
    private readonly Action<ClosedBatch> write;
    private readonly TimeProvider time;
    private readonly ITimer timer;
    private readonly DateTimeOffset startedAt;
    private readonly long startedAtTimestamp;
    private DateTimeOffset? armedFor;

    public BatchRegistry(
        BatchWrites writes, DestinationCatalog destinations, BatchRoom room, IOptions<BatchesOptions> options, WorkerTelemetry telemetry, TimeProvider time)
        : this((writes ?? throw new ArgumentNullException(nameof(writes))).Write, destinations, room, options, telemetry, time)
    {
    }

    /// <param name="write">Where each closed batch goes to be written.</param>
    internal BatchRegistry(
        Action<ClosedBatch> write, DestinationCatalog destinations, BatchRoom room, IOptions<BatchesOptions> options, WorkerTelemetry telemetry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        this.write = write;
        this.destinations = destinations;
        this.time = time;
        open = new OpenBatches(options.Value.MaxBufferedBytes, room.Messages, destinations.Find);
        (startedAt, startedAtTimestamp) = (time.GetUtcNow(), time.GetTimestamp());
        timer = time.CreateTimer(static state => ((BatchRegistry)state!).CloseDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        destinations.Changed += (_, _) => DrainReplaced();
        telemetry.ObserveBatches(() => Read(() => open.Count), () => Read(() => open.HeldBytes));
    }

    /// <summary>
    /// Adds the message to its destination's open batch of its partition and completes once the batch is written or
    /// refused. Throws <see cref="Core.UndeliverableMessageException"/> for a message that cannot be in a batch; the task
    /// fails with one when S3 refuses the batch's object for what it holds.
    /// </summary>
    /// <param name="held">What the message keeps in memory while it waits (see <see cref="WaitingMemory"/>).</param>
    /// <param name="trace">The message's own span, which the batch's write links.</param>
    /// <param name="closeNow">Write the batch at once: the message probes an unavailable destination.</param>
    public Task<BatchOutcome> AddAsync(Destination destination, BatchMessage message, long held, ActivityContext trace, bool closeNow)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(message);

        // Batched as the destination is configured now: a message resolved before a reload (its result downloaded
        // meanwhile, say) with the configuration that replaced its destination; one whose destination was removed, with
        // its own, which drains. Its partition and checks are made here, outside the lock.
        var latest = destinations.Find(destination.Name) ?? destination;
        message = message.WrittenBy(latest);

        // Continuations run as the batch completes, one after the other in the batch's order, so the messages are
        // acknowledged in about the order RabbitMQ delivered them: 3.10's channel searches its unacknowledged
        // deliveries for each acknowledgement out of order, at a cost to the broker docs/performance.md measures.
        var entry = new BatchEntry(new TaskCompletionSource<BatchOutcome>(), trace);
        List<ClosedBatch> closed;
        lock (gate)
        {
            var batches = open.Add(latest, message, held, Now(), closeNow);
            waiting.Add(message, entry);
            closed = Take(batches);
            Arm();
        }

        closed.ForEach(write);
        return entry.Done.Task;
    }

    /// <summary>
    /// Closes every open batch now and hands it to be written, as the last step of a stop; a message still handed over
    /// afterwards closes its batch within the drain delay.
    /// </summary>
    public void CloseAll() => Close(() => open.Stop(Now()));

    public void Dispose() => timer.Dispose();

    private void CloseDue() => Close(() =>
    {
        armedFor = null; // the timer fired: it is armed again below, for what is due next
        return open.TakeDue(Now());
    });

    private void DrainReplaced() => Close(() =>
    {
        open.DrainReplaced(Now());
        return [];
    });

    private void Close(Func<IReadOnlyList<MessageBatch>> take)
    {
        List<ClosedBatch> closed;
        lock (gate)
        {
            closed = Take(take());
            Arm();
        }

        closed.ForEach(write);
    }

    private T Read<T>(Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }

    // Called under the lock: the timer fires when the next batch is due; not at all while none is open.
    private void Arm()
    {
        var dueAt = open.DueAt;
        if (dueAt == armedFor)
        {
            return;
        }

        armedFor = dueAt;
        timer.Change(dueAt is { } due ? TimeSpan.FromTicks(Math.Max(0, (due - Now()).Ticks)) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    // MaxWait is counted on the monotonic clock: a wall clock set back would keep a batch open longer (past RabbitMQ's
    // consumer_timeout, at worst), one set forward would close it early.
    private DateTimeOffset Now() => startedAt + time.GetElapsedTime(startedAtTimestamp);

    private List<ClosedBatch> Take(IReadOnlyList<MessageBatch> batches)
    {
        var closed = new List<ClosedBatch>(batches.Count);
        foreach (var batch in batches)
        {
            var entries = new BatchEntry[batch.Messages.Count];
            for (var index = 0; index < entries.Length; index++)
            {
                waiting.Remove(batch.Messages[index], out var entry);
                entries[index] = entry!;
            }

            closed.Add(new ClosedBatch(batch, entries));
        }

        return closed;
    }
}
