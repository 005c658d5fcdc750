using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Batches;

/// <summary>
/// The open batches of one destination's configuration, one per partition, oldest first. While draining (the
/// configuration was replaced or removed, or the worker stops) each closes within <see cref="OpenBatches.DrainDelay"/>
/// of the drain or of its opening, whichever is later.
/// </summary>
internal sealed class DestinationBatches(Destination destination)
{
    private readonly Dictionary<string, OpenBatch> byPartition = new(StringComparer.Ordinal);
    private readonly LinkedList<OpenBatch> oldestFirst = new();

    public Destination Destination { get; } = destination;

    public BatchOptions Options { get; } = destination.Options.Batch;

    public BatchKey Key { get; } = BatchKey.Of(destination);

    /// <summary>Since when its batches drain; null while it is the destination's configuration.</summary>
    public DateTimeOffset? DrainingSince { get; set; }

    public int Count => byPartition.Count;

    public OpenBatch? Oldest => oldestFirst.First?.Value;

    public IEnumerable<OpenBatch> All => oldestFirst;

    public OpenBatch? Find(string? partition) => byPartition.GetValueOrDefault(partition ?? "");

    public OpenBatch Open(string? partition, DateTimeOffset now)
    {
        var batch = new OpenBatch(this, partition, now);
        byPartition.Add(partition ?? "", batch);
        batch.Node = oldestFirst.AddLast(batch);
        return batch;
    }

    public void Remove(OpenBatch batch)
    {
        byPartition.Remove(batch.Partition ?? "");
        oldestFirst.Remove(batch.Node!);
    }

    /// <summary>When <paramref name="batch"/> must be written, and why then.</summary>
    public (DateTimeOffset At, BatchCloseReason Reason) DueOf(OpenBatch batch)
    {
        var waited = batch.OpenedAt + Options.MaxWait;
        return DrainingSince is { } since && (since > batch.OpenedAt ? since : batch.OpenedAt) + OpenBatches.DrainDelay is var drained && drained < waited
            ? (drained, BatchCloseReason.Drain)
            : (waited, BatchCloseReason.MaxWait);
    }
}
