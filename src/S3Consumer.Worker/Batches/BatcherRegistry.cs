using System.Collections.Concurrent;
using System.Diagnostics;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// The open batches of every destination that writes them, one batcher per destination (so no object mixes
/// destinations), each as the destination is configured now. When a destination's configuration changes, its open
/// batch closes at once (within <see cref="DestinationBatcher.DrainDelay"/>), and a message resolved before the change
/// joins the batch of the configuration that replaced it. Each closed batch goes to <see cref="BatchWrites"/>.
/// </summary>
public sealed class BatcherRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, DestinationBatcher> batchers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ReplacedBatchers replaced = new();
    private readonly DestinationCatalog destinations;
    private readonly TimeProvider time;
    private readonly Action<ClosedBatch> write;
    private volatile bool stopped;

    public BatcherRegistry(BatchWrites writes, DestinationCatalog destinations, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(destinations);
        this.destinations = destinations;
        this.time = time;
        write = writes.Write;
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

        if (stopped)
        {
            batcher.Drain();
        }

        return batcher.Add(message, trace, closeNow);
    }

    /// <summary>
    /// Closes every open batch now and hands it to be written, as the last step of a stop; a message still handed over
    /// afterwards closes its batch within the drain delay.
    /// </summary>
    public void CloseAll()
    {
        stopped = true;
        foreach (var batcher in batchers.Values.Concat(replaced.All))
        {
            if (batcher.CloseNow() is { } closed)
            {
                write(closed);
            }
        }
    }

    public void Dispose()
    {
        foreach (var batcher in batchers.Values.Concat(replaced.All))
        {
            batcher.Dispose();
        }
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
                replaced.Retire(open);
                return replacement;
            }

            replacement.Dispose();
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
}
