namespace S3Consumer.Worker.Storage;

/// <summary>How S3 writes are retried, bound from <c>S3</c> and checked at start by <see cref="S3OptionsValidator"/>.</summary>
public sealed class S3Options
{
    public const string SectionName = "S3";

    /// <summary>How long one PutObject attempt may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of one write before the message waits and is tried again from the queue's side.</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP connections per destination: at least the writes in flight (both queues' ConcurrentMessageLimit).</summary>
    public int MaxConnections { get; set; } = 128;

    /// <summary>How long a destination's circuit stays open after S3 failed most writes.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
