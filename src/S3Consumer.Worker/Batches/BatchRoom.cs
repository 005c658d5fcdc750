using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// The messages each queue takes on top of <c>Queues:ConcurrentMessageLimit</c> and <c>PrefetchCount</c>, so that every
/// destination's batch can fill to <c>Batch:MaxMessages</c> while its messages wait, unacknowledged, for its write:
/// the sum of those of the destinations configured at start. A queue's limits are set when it starts, so a reload that
/// asks for more says so once and those batches close by <c>MaxBytes</c> or <c>MaxWait</c> until the worker restarts.
/// </summary>
public sealed partial class BatchRoom
{
    /// <summary>Far above any prefetch (a ushort), and low enough that adding the configured limits cannot overflow.</summary>
    private const int MostMessages = int.MaxValue / 2;

    private readonly ILogger<BatchRoom> logger;
    private int warnedFor;

    public BatchRoom(DestinationCatalog destinations, ILogger<BatchRoom> logger)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        this.logger = logger;
        Messages = Needed(destinations.All);
        warnedFor = Messages;
        destinations.Changed += (_, _) => Reloaded(Needed(destinations.All));
    }

    /// <summary>Messages a queue takes beyond its configured limits for the batches that wait.</summary>
    public int Messages { get; }

    /// <summary>Logs the limits a queue runs with, when batches raise them.</summary>
    public (ushort Prefetch, int Concurrent) Raise(string queue, ushort prefetch, int concurrent)
    {
        if (Messages == 0)
        {
            return (prefetch, concurrent);
        }

        var raised = ((ushort)Math.Min(ushort.MaxValue, prefetch + Messages), concurrent + Messages);
        LogRaised(queue, raised.Item2, raised.Item1, Messages);
        if (prefetch + Messages > ushort.MaxValue)
        {
            LogPrefetchCapped(queue, prefetch + Messages);
        }

        return raised;
    }

    private static int Needed(IEnumerable<Destination> destinations) =>
        (int)Math.Min(MostMessages, destinations.Where(destination => destination.Options.Batch.Enabled)
            .Sum(destination => (long)destination.Options.Batch.MaxMessages));

    private void Reloaded(int needed)
    {
        if (needed > Messages && needed > warnedFor)
        {
            warnedFor = needed;
            LogShort(needed, Messages);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Queue {Queue} takes up to {Concurrent} messages at once (prefetch {Prefetch}): Queues limits plus {Room} for the destinations' open batches (the sum of their Batch:MaxMessages)")]
    private partial void LogRaised(string queue, int concurrent, ushort prefetch, int room);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Queue {Queue} would need a prefetch of {Needed} for its limits and every batch to fill, but RabbitMQ's prefetch stops at 65535: " +
                  "lower the destinations' Batch:MaxMessages (their sum with Queues:PrefetchCount at most 65535), or some batches close by Batch:MaxBytes or Batch:MaxWait, not MaxMessages")]
    private partial void LogPrefetchCapped(string queue, int needed);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The reloaded destinations' batches hold up to {Needed} messages, more than the {Room} the queues were started with: " +
                  "restart the worker to take them all at once; until then some batches close by Batch:MaxBytes or Batch:MaxWait, not MaxMessages")]
    private partial void LogShort(int needed, int room);
}
