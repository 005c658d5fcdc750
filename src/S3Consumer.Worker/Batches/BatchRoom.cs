using Microsoft.Extensions.Options;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// The messages each queue takes on top of <c>Queues:ConcurrentMessageLimit</c> and <c>PrefetchCount</c>, so that the
/// batches can fill while their messages wait, unacknowledged, for their writes: every partition a batched destination
/// may keep open (<c>Batch:MaxOpenPartitions</c>, or one without <c>Batch:PartitionBy</c>) at <c>Batch:MaxMessages</c>,
/// summed over the destinations configured at start, within RabbitMQ's largest prefetch and within what
/// <c>Batches:MaxBufferedBytes</c> can hold, each message weighing at least <see cref="WaitingMemory.PerMessage"/> (the
/// broker hands over no more than the worker may count). The open batches never hold more
/// messages than this room (see <see cref="OpenBatches"/>), so the broker always has a queue's own limits left to
/// deliver the messages that fill them: no batch waits for messages that cannot come. A queue's limits are set when it
/// starts, so a reload that asks for more says so once.
/// </summary>
public sealed partial class BatchRoom
{
    private readonly ILogger<BatchRoom> logger;
    private readonly int needed;
    private long warnedFor;

    public BatchRoom(DestinationCatalog destinations, IOptions<QueueOptions> queues, IOptions<BatchesOptions> batches, ILogger<BatchRoom> logger)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(batches);
        this.logger = logger;
        var wanted = Needed(destinations.All);
        needed = (int)Math.Min(wanted, int.MaxValue);
        Messages = (int)Math.Min(Math.Min(wanted, ushort.MaxValue - queues.Value.PrefetchCount), batches.Value.MaxBufferedBytes / WaitingMemory.PerMessage);
        warnedFor = wanted;
        destinations.Changed += (_, _) => Reloaded(Needed(destinations.All));
    }

    /// <summary>Messages a queue takes beyond its configured limits for the batches that wait; the most the open batches hold.</summary>
    public int Messages { get; }

    /// <summary>Logs the limits a queue runs with, when batches raise them.</summary>
    public (ushort Prefetch, int Concurrent) Raise(string queue, ushort prefetch, int concurrent)
    {
        if (Messages == 0)
        {
            return (prefetch, concurrent);
        }

        var raised = ((ushort)(prefetch + Messages), concurrent + Messages);
        LogRaised(queue, raised.Item2, raised.Item1, Messages);
        if (needed > Messages)
        {
            LogPrefetchCapped(queue, (long)prefetch + needed);
        }

        return raised;
    }

    private static long Needed(IEnumerable<Destination> destinations) =>
        destinations.Where(destination => destination.Options.Batch.Enabled).Sum(destination =>
            (long)destination.Options.Batch.MaxMessages * (destination.PartitionBy is null ? 1 : destination.Options.Batch.MaxOpenPartitions));

    private void Reloaded(long wanted)
    {
        if (wanted > Messages && wanted > warnedFor)
        {
            warnedFor = wanted;
            LogShort(wanted, Messages);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Queue {Queue} takes up to {Concurrent} messages at once (prefetch {Prefetch}): Queues limits plus {Room} for the destinations' open batches " +
                  "(the sum of their Batch:MaxMessages, times Batch:MaxOpenPartitions where Batch:PartitionBy is set)")]
    private partial void LogRaised(string queue, int concurrent, ushort prefetch, int room);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Queue {Queue} would need a prefetch of {Needed} for its limits and every open batch to fill, more than RabbitMQ's 65535 or than Batches:MaxBufferedBytes holds at 32 KiB a message: " +
                  "when the open batches hold that many messages, the one holding the most is written early (s3consumer.batch.closed_by memory); " +
                  "lower Batch:MaxMessages or Batch:MaxOpenPartitions (their products summed, with Queues:PrefetchCount, at most 65535), or raise Batches:MaxBufferedBytes, for full batches")]
    private partial void LogPrefetchCapped(string queue, long needed);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The reloaded destinations' batches hold up to {Needed} messages, more than the {Room} the queues were started with: " +
                  "restart the worker to take them all at once; until then the open batch holding the most messages is written early once they hold that many (s3consumer.batch.closed_by memory)")]
    private partial void LogShort(long needed, int room);
}
