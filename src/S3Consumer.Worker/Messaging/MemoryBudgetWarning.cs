using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Warns once at start when the worst case of memory the queues may take (every prefetched message of both queues
/// as large as <see cref="QueueOptions.MaxMessageBytes"/>) exceeds what the process may use: the container's limit or
/// the GC heap limit, as the runtime sees it.
/// </summary>
internal sealed partial class MemoryBudgetWarning(IOptions<QueueOptions> queues, ILogger<MemoryBudgetWarning> logger) : IHostedService
{
    /// <summary>Each message is held twice while it is written: RabbitMQ.Client's buffer and MassTransit's copy of the body.</summary>
    private const int CopiesPerMessage = 2;

    private const int Queues = 2;

    private const long Mebibyte = 1024 * 1024;

    /// <summary>The most memory the queues' messages may take at once: both queues' prefetch, each message at its largest, held twice.</summary>
    public static long WorstCaseBytes(QueueOptions queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        return Queues * (long)queues.PrefetchCount * queues.MaxMessageBytes * CopiesPerMessage;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var worstCase = WorstCaseBytes(queues.Value);
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (worstCase > available)
        {
            LogOverBudget(logger, worstCase / Mebibyte, available / Mebibyte, queues.Value.PrefetchCount, queues.Value.MaxMessageBytes / Mebibyte);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Messages may take up to {WorstCaseMiB} MiB (2 queues x Queues:PrefetchCount {PrefetchCount} x Queues:MaxMessageBytes {MaxMessageMiB} MiB x 2 copies), " +
        "more than the {AvailableMiB} MiB this process may use: lower Queues:PrefetchCount (and ConcurrentMessageLimit), or raise the memory limit, if messages that large can arrive.")]
    private static partial void LogOverBudget(ILogger logger, long worstCaseMiB, long availableMiB, int prefetchCount, long maxMessageMiB);
}
