using System.Collections.Concurrent;
using System.Diagnostics;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// The batches of every destination that writes them, one open batch per destination (so no object mixes destinations).
/// Each message's consumer waits until its batch's object is written, so a message is acknowledged only once S3 has it;
/// the batch's write happens once, whoever closed it. When a destination's configuration changes, its open batch
/// closes at once (within <see cref="DestinationBatcher.DrainDelay"/>), and a message resolved before the change joins
/// the batch of the configuration that replaced it. As a hosted service registered after the bus,
/// it is stopped before the bus: the stop writes every open batch and waits for the writes, while the bus can still
/// acknowledge their messages; a message still handed over afterwards closes its batch within the drain delay.
/// </summary>
public sealed class BatchDelivery : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, DestinationBatcher> batchers = new(StringComparer.OrdinalIgnoreCase);

    // Batchers of configurations a reload replaced that still hold messages, so that the stop closes them too.
    private readonly ConcurrentDictionary<DestinationBatcher, byte> replaced = new();
    private readonly DestinationCatalog destinations;
    private readonly ConcurrentDictionary<ClosedBatch, Task> writes = new();
    private readonly ObjectWriter writer;
    private readonly DestinationAvailability availability;
    private readonly DeliveryTelemetry telemetry;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();
    private readonly Action<ClosedBatch> write;

    public BatchDelivery(
        ObjectWriter writer,
        DestinationAvailability availability,
        DeliveryTelemetry telemetry,
        DestinationCatalog destinations,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        this.writer = writer;
        this.availability = availability;
        this.telemetry = telemetry;
        this.time = time;
        this.destinations = destinations;
        write = Track;
        destinations.Changed += (_, change) => Drain([.. change.Changed, .. change.Removed]);
    }

    /// <summary>
    /// Adds the message to its destination's open batch and completes once the batch is written or refused. Throws
    /// <see cref="Core.UndeliverableMessageException"/> for a message that cannot be in a batch; the task fails with
    /// one when S3 refuses the batch's object for what it holds.
    /// </summary>
    /// <param name="trace">The message's own span, which the batch's write links.</param>
    /// <param name="closeNow">Write the batch at once: the message probes an unavailable destination.</param>
    public Task<BatchOutcome> AddAsync(Destination destination, BatchMessage message, ActivityContext trace, bool closeNow)
    {
        ArgumentNullException.ThrowIfNull(destination);

        // The common case first, without a lock: this destination's batcher is open.
        if (!batchers.TryGetValue(destination.Name, out var batcher) || !ReferenceEquals(batcher.Destination, destination))
        {
            batcher = BatcherFor(destination);
            message = message.WrittenBy(batcher.Destination);
        }

        if (stopping.IsCancellationRequested)
        {
            batcher.Drain();
        }

        return batcher.Add(message, trace, closeNow);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes every open batch, without retrying a failed write any more, and waits for the writes under way.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var batcher in batchers.Values.Concat(replaced.Keys))
        {
            if (batcher.CloseNow() is { } closed)
            {
                write(closed);
            }
        }

        await Task.WhenAll(writes.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var batcher in batchers.Values.Concat(replaced.Keys))
        {
            batcher.Dispose();
        }

        stopping.Dispose();
    }

    // The batcher of the destination as configured now: a message resolved before a reload (its result downloaded
    // meanwhile, say) is batched with the configuration that replaced its destination (and carries its Id), and one
    // whose destination was removed joins whatever batch is still open for it. A reloaded destination starts a batcher
    // of its own; the one before drains with the configuration it was opened with.
    private DestinationBatcher BatcherFor(Destination destination)
    {
        var configured = destinations.Find(destination.Name);
        var latest = configured ?? destination;
        while (true)
        {
            if (!batchers.TryGetValue(destination.Name, out var open))
            {
                var created = new DestinationBatcher(latest, time, write);
                if (batchers.TryAdd(destination.Name, created))
                {
                    return created;
                }

                created.Dispose();
                continue;
            }

            if (ReferenceEquals(open.Destination, latest) || configured is null)
            {
                return open;
            }

            var replacement = new DestinationBatcher(latest, time, write);
            if (batchers.TryUpdate(destination.Name, replacement, open))
            {
                Retire(open);
                return replacement;
            }

            replacement.Dispose();
        }
    }

    // Kept for the stop while it still holds messages. One let go of without disposal: a message that found it just
    // before it was replaced may still add to it, and its timer, armed by that message, writes what it holds.
    private void Retire(DestinationBatcher batcher)
    {
        batcher.Drain();
        replaced.TryAdd(batcher, 0);
        foreach (var old in replaced.Keys.Where(old => old.IsEmpty))
        {
            replaced.TryRemove(old, out _);
        }
    }

    // Only a batcher of a configuration that is no longer current: a message of the new one may have replaced it
    // already, before this event was raised.
    private void Drain(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (batchers.TryGetValue(name, out var batcher) && !ReferenceEquals(batcher.Destination, destinations.Find(name)))
            {
                batcher.Drain();
            }
        }
    }

    private async Task WriteAsync(ClosedBatch closed)
    {
        // The batch's span starts a trace of its own, linked to each message's, whichever message closed it; and the
        // object is compressed off the path of that message's consumer, or of the timer.
        Activity.Current = null;
        await Task.Yield();
        var destination = closed.Batch.Destination;
        try
        {
            using var body = closed.Batch.Write();
            var objectWrite = new ObjectWrite(destination, body.Key, body.Metadata, body);
            using (var put = telemetry.StartBatchPut(objectWrite, closed.Batch, closed.Entries.Select(entry => entry.Trace)))
            {
                await writer.PutAsync(objectWrite, put, () => !stopping.IsCancellationRequested && availability.IsAvailable(destination.Name))
                    .ConfigureAwait(false);
            }

            availability.Succeeded(destination.Name);
            telemetry.BatchWritten(closed.Batch);
            Complete(closed, new BatchOutcome(closed.Batch.Id, body.Key, null));
        }
        catch (S3UnavailableException error)
        {
            availability.Failed(destination.Name, error.Code);
            Complete(closed, new BatchOutcome(closed.Batch.Id, "", error.Code, error.MayHaveBeenWritten));
        }
        catch (Exception error)
        {
            foreach (var entry in closed.Entries)
            {
                entry.Done.TrySetException(error);
            }
        }
    }

    // A write is known to the stop from before it starts until it is done (the removal is its continuation, so it
    // always follows the addition).
    private void Track(ClosedBatch closed)
    {
        var writing = WriteAsync(closed);
        writes[closed] = writing;
        _ = writing.ContinueWith(_ => writes.TryRemove(closed, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static void Complete(ClosedBatch closed, BatchOutcome outcome)
    {
        foreach (var entry in closed.Entries)
        {
            entry.Done.TrySetResult(outcome);
        }
    }
}
