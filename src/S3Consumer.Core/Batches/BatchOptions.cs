namespace S3Consumer.Core.Batches;

/// <summary>A destination's batches, bound from <c>Destinations:&lt;name&gt;:Batch</c>; off while <see cref="MaxMessages"/> is 0.</summary>
public sealed class BatchOptions
{
    /// <summary>The smallest <see cref="MaxBytes"/>: 1 KiB.</summary>
    public const long MinMaxBytes = 1024;

    public const int DefaultMaxOpenPartitions = 100;

    /// <summary>The most partitions a destination may keep open: each is a batch in memory and, at RabbitMQ's largest prefetch, room for its messages.</summary>
    public const int MaxMaxOpenPartitions = 10_000;

    /// <summary>S3's largest single PutObject.</summary>
    public const long MaxMaxBytes = 5L * 1024 * 1024 * 1024;

    internal static readonly TimeSpan MinMaxWait = TimeSpan.FromSeconds(1);

    // Well under RabbitMQ's consumer_timeout (30 minutes by default), past which it closes the channel of a message left unacknowledged.
    internal static readonly TimeSpan MaxMaxWait = TimeSpan.FromMinutes(15);

    /// <summary>Messages per object; 0 writes one object per message.</summary>
    public int MaxMessages { get; set; }

    /// <summary>Uncompressed NDJSON bytes per object.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The longest a message waits for its batch, counted from the batch's first message.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>none</c>, <c>gzip</c> or <c>zstd</c>.</summary>
    public string Compression { get; set; } = "gzip";

    /// <summary>
    /// A JMESPath over a message's <c>metadata</c>, <c>time</c> and <c>data</c> giving a string, its partition: a batch holds
    /// messages of one partition only, and its key reads it as <c>batch.partition</c>. None puts every message in one batch.
    /// </summary>
    public string? PartitionBy { get; set; }

    /// <summary>Batches open at once, one per partition; a message that would open one more has the oldest written first.</summary>
    public int MaxOpenPartitions { get; set; } = DefaultMaxOpenPartitions;

    public bool Enabled => MaxMessages > 0;
}
