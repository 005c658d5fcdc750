using System.Globalization;

namespace S3Consumer.Core.Batches;

/// <summary>A destination's batches, bound from <c>Destinations:&lt;name&gt;:Batch</c>; off while <see cref="MaxMessages"/> is 0.</summary>
public sealed class BatchOptions
{
    public const long MinMaxBytes = 1024;

    /// <summary>S3's largest single PutObject.</summary>
    public const long MaxMaxBytes = 5L * 1024 * 1024 * 1024;

    private static readonly TimeSpan MinMaxWait = TimeSpan.FromSeconds(1);
    // Well under RabbitMQ's consumer_timeout (30 minutes by default), past which it closes the channel of a message left unacknowledged.
    private static readonly TimeSpan MaxMaxWait = TimeSpan.FromMinutes(15);

    /// <summary>Messages per object; 0 writes one object per message.</summary>
    public int MaxMessages { get; set; }

    /// <summary>Uncompressed NDJSON bytes per object.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The longest a message waits for its batch, counted from the batch's first message.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>none</c>, <c>gzip</c> or <c>zstd</c>.</summary>
    public string Compression { get; set; } = "gzip";

    /// <summary>A JMESPath over a message's <c>metadata</c>, <c>time</c> and <c>data</c> giving the partition its batch belongs to.</summary>
    public string? PartitionBy { get; set; }

    public bool Enabled => MaxMessages > 0;

    /// <summary>What is wrong with these settings, one line each, saying what to set.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxMessages < 0)
        {
            yield return $"Batch:MaxMessages {MaxMessages} is negative; set 0 for one object per message, or the messages per object.";
        }

        if (MaxBytes is < MinMaxBytes or > MaxMaxBytes)
        {
            yield return $"Batch:MaxBytes {MaxBytes.ToString(CultureInfo.InvariantCulture)} is out of range; " +
                         $"set from {MinMaxBytes} (1 KiB) to {MaxMaxBytes.ToString(CultureInfo.InvariantCulture)} (5 GiB, S3's largest PUT).";
        }

        if (MaxWait < MinMaxWait || MaxWait > MaxMaxWait)
        {
            yield return $"Batch:MaxWait {MaxWait.ToString("c", CultureInfo.InvariantCulture)} is out of range; set from 00:00:01 to 00:15:00 (hh:mm:ss; a bare number counts days): RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default.";
        }

        if (!BatchCompressions.TryParse(Compression, out _))
        {
            yield return $"Batch:Compression '{Compression}' is unknown; use one of {BatchCompressions.ValidNames}.";
        }
    }
}
