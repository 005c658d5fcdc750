using Microsoft.Extensions.Options;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Batches;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Warns once at start when the worst case of memory the queues may take (every prefetched message of every queue, the
/// ingress queue included, as large as <see cref="QueueOptions.MaxMessageBytes"/>, and the batches'
/// <see cref="BatchesOptions.MaxBufferedBytes"/> twice) exceeds what the process may use: the container's limit or the
/// GC heap limit, as the runtime sees it.
/// </summary>
internal sealed partial class MemoryBudgetWarning(
    IOptions<QueueOptions> queues, IOptions<IngressOptions> ingress, IOptions<BatchesOptions> batches, DestinationCatalog destinations,
    ILogger<MemoryBudgetWarning> logger)
    : IHostedService
{
    /// <summary>Each message is held twice while it is written: RabbitMQ.Client's buffer and MassTransit's copy of the body.</summary>
    private const int CopiesPerMessage = 2;

    /// <summary>
    /// The open batches hold at most <see cref="BatchesOptions.MaxBufferedBytes"/> (their messages wait beyond the
    /// prefetch: the queues take more for them); the batches being written hold their messages until S3 has the object,
    /// counted as much again.
    /// </summary>
    private const int BufferedBytesCounted = 2;

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

    /// <summary>What the batches may add, where any destination writes them: <c>Batches:MaxBufferedBytes</c> open, and as much being written.</summary>
    public static long BatchBytes(IEnumerable<BatchOptions> destinations, BatchesOptions batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return destinations.Any(batch => batch.Enabled) ? BufferedBytesCounted * batches.MaxBufferedBytes : 0;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var batched = destinations.All.Select(destination => destination.Options.Batch).ToList();
        var (messages, inBatches) = (WorstCaseBytes(queues.Value, ingress.Value), BatchBytes(batched, batches.Value));
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (messages + inBatches > available)
        {
            LogOverBudget(
                logger, (messages + inBatches) / Mebibyte, available / Mebibyte, QueueCount(ingress.Value), queues.Value.PrefetchCount, queues.Value.MaxMessageBytes / Mebibyte,
                inBatches / Mebibyte, batched.Count(batch => batch.Enabled));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Messages may take up to {WorstCaseMiB} MiB ({Queues} queues x Queues:PrefetchCount {PrefetchCount} x Queues:MaxMessageBytes {MaxMessageMiB} MiB x 2 copies, " +
        "plus {BatchMiB} MiB for the batches of {BatchedDestinations} destination(s): Batches:MaxBufferedBytes for the open ones and as much for those being written), " +
        "more than the {AvailableMiB} MiB this process may use: lower Queues:PrefetchCount (and ConcurrentMessageLimit) or Batches:MaxBufferedBytes, " +
        "or raise the memory limit, if messages that large can arrive.")]
    private static partial void LogOverBudget(ILogger logger, long worstCaseMiB, long availableMiB, int queues, int prefetchCount, long maxMessageMiB, long batchMiB, int batchedDestinations);
}
