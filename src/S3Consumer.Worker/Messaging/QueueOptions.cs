using System.ComponentModel.DataAnnotations;

namespace S3Consumer.Worker.Messaging;

/// <summary>The worker's queues and how much of each it takes at once, bound from <c>Queues</c>.</summary>
public sealed class QueueOptions
{
    public const string SectionName = "Queues";

    public string Read { get; set; } = "s3consumer-read";
    public string Subscribe { get; set; } = "s3consumer-subscribe";

    /// <summary>Messages written to S3 at once, per queue.</summary>
    [Range(1, 10_000, ErrorMessage = "Queues:ConcurrentMessageLimit must be between {1} and {2}.")]
    public int ConcurrentMessageLimit { get; set; } = 64;

    /// <summary>Messages the broker hands over ahead of acknowledgement, per queue: at least the limit, or it is never reached.</summary>
    [Range(1, ushort.MaxValue, ErrorMessage = "Queues:PrefetchCount must be between {1} and {2} (0 would let the broker send the whole queue).")]
    public ushort PrefetchCount { get; set; } = 128;

    /// <summary>
    /// The largest message expected, for the memory estimate at start (default: RabbitMQ's own default
    /// <c>max_message_size</c>, 128 MiB); the worker still takes any message the broker delivers, up to 512 MiB.
    /// </summary>
    [Range(1, 512L * 1024 * 1024, ErrorMessage = "Queues:MaxMessageBytes must be between {1} and {2} (RabbitMQ carries at most 512 MiB).")]
    public long MaxMessageBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Declare the queues as quorum queues (replicated); an existing queue keeps the type it was declared with.</summary>
    public bool Quorum { get; set; }
}
