using Microsoft.Extensions.Options;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Warns once at start when the worst case of memory the queues may take (every prefetched message of every queue, the
/// ingress queue included, as large as <see cref="QueueOptions.MaxMessageBytes"/>, and every batched destination's batches as large as their
/// <see cref="BatchOptions.MaxBytes"/>) exceeds what the process may use: the container's limit or the GC heap limit,
/// as the runtime sees it.
/// </summary>
internal sealed partial class MemoryBudgetWarning(
    IOptions<QueueOptions> queues, IOptions<IngressOptions> ingress, DestinationCatalog destinations, ILogger<MemoryBudgetWarning> logger)
    : IHostedService
{
    /// <summary>Each message is held twice while it is written: RabbitMQ.Client's buffer and MassTransit's copy of the body.</summary>
    private const int CopiesPerMessage = 2;

    /// <summary>
    /// A batch's messages wait beyond the prefetch (the queues take more for them), held as delivered (twice) and as
    /// the batch's lines; the object is written from one more copy, compressed or not.
    /// </summary>
    private const int CopiesPerBatch = CopiesPerMessage + 2;

    private const long Mebibyte = 1024 * 1024;

    /// <summary>The most memory the queues' messages may take at once: every queue's prefetch, each message at its largest, held twice.</summary>
    public static long WorstCaseBytes(QueueOptions queues, IngressOptions ingress)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(ingress);
        return QueueCount(ingress) * (long)queues.PrefetchCount * queues.MaxMessageBytes * CopiesPerMessage;
    }

    // The read and subscribe queues, and the ingress queue when there is one.
    private static int QueueCount(IngressOptions ingress) => ingress.Enabled ? 3 : 2;

    /// <summary>What the batches of the destinations that write them may add: each at its <c>MaxBytes</c>, in four copies.</summary>
    public static long BatchBytes(IEnumerable<BatchOptions> batches) =>
        batches.Where(batch => batch.Enabled).Sum(batch => batch.MaxBytes * CopiesPerBatch);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var batches = destinations.All.Select(destination => destination.Options.Batch).ToList();
        var (messages, inBatches) = (WorstCaseBytes(queues.Value, ingress.Value), BatchBytes(batches));
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (messages + inBatches > available)
        {
            LogOverBudget(
                logger, (messages + inBatches) / Mebibyte, available / Mebibyte, QueueCount(ingress.Value), queues.Value.PrefetchCount, queues.Value.MaxMessageBytes / Mebibyte,
                inBatches / Mebibyte, batches.Count(batch => batch.Enabled));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Messages may take up to {WorstCaseMiB} MiB ({Queues} queues x Queues:PrefetchCount {PrefetchCount} x Queues:MaxMessageBytes {MaxMessageMiB} MiB x 2 copies, " +
        "plus {BatchMiB} MiB for the batches of {BatchedDestinations} destination(s): Batch:MaxBytes x 4 copies each), " +
        "more than the {AvailableMiB} MiB this process may use: lower Queues:PrefetchCount (and ConcurrentMessageLimit) or Batch:MaxBytes, " +
        "or raise the memory limit, if messages that large can arrive.")]
    private static partial void LogOverBudget(ILogger logger, long worstCaseMiB, long availableMiB, int queues, int prefetchCount, long maxMessageMiB, long batchMiB, int batchedDestinations);
}
