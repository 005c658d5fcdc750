using System.ComponentModel.DataAnnotations;

namespace S3Consumer.Worker.Storage;

/// <summary>How S3 writes are retried, bound from <c>S3</c>.</summary>
public sealed class S3Options
{
    public const string SectionName = "S3";

    /// <summary>How long one PutObject attempt may take before it is abandoned and retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of one write before the message waits and is tried again from the queue's side.</summary>
    [Range(1, 100)]
    public int MaxRetryAttempts { get; set; } = 5;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP connections per destination: at least the writes in flight (both queues' ConcurrentMessageLimit).</summary>
    [Range(1, 10_000)]
    public int MaxConnections { get; set; } = 128;

    /// <summary>How long a destination's circuit stays open after S3 failed most writes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
