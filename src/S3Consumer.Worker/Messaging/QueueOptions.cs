namespace S3Consumer.Worker.Messaging;

/// <summary>The worker's queues and how much of each it takes at once, bound from <c>Queues</c> and checked at start by <see cref="QueueOptionsValidator"/>.</summary>
public sealed class QueueOptions
{
    public const string SectionName = "Queues";

    public string Read { get; set; } = "s3consumer-read";
    public string Subscribe { get; set; } = "s3consumer-subscribe";

    /// <summary>The queue of <paramref name="action"/>'s messages (<c>read</c> or <c>subscribe</c>); null for any other action.</summary>
    public string? QueueOf(string? action) => action switch
    {
        "read" => Read,
        "subscribe" => Subscribe,
        _ => null,
    };

    /// <summary>Messages written to S3 at once, per queue.</summary>
    public int ConcurrentMessageLimit { get; set; } = 64;

    /// <summary>Messages the broker hands over ahead of acknowledgement, per queue: at least the limit, or it is never reached.</summary>
    public ushort PrefetchCount { get; set; } = 128;

    /// <summary>
    /// The largest message expected, for the memory estimate at start (default: RabbitMQ's own default
    /// <c>max_message_size</c>, 128 MiB); the worker still takes any message the broker delivers, up to 512 MiB.
    /// </summary>
    public long MaxMessageBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Declare the queues as quorum queues (replicated); an existing queue keeps the type it was declared with.</summary>
    public bool Quorum { get; set; }
}
