using S3Consumer.Core.Configuration;

namespace S3Consumer.Core.Batches;

/// <summary>What a destination's <c>Batch</c> settings must be: each within its range, a known compression, a partition template the batches can use.</summary>
internal static class BatchOptionsRules
{
    /// <summary>What is wrong with <paramref name="batch"/>, one line each, saying what to set.</summary>
    public static IEnumerable<string> Problems(BatchOptions batch)
    {
        string?[] ranges =
        [
            Ranges.Outside("Batch:MaxMessages", batch.MaxMessages, 0, int.MaxValue, "0 writes one object per message; above 0, the messages per object"),
            Ranges.Outside("Batch:MaxBytes", batch.MaxBytes, BatchOptions.MinMaxBytes, BatchOptions.MaxMaxBytes, "1 KiB to 5 GiB, S3's largest PUT"),
            Ranges.Outside("Batch:MaxWait", batch.MaxWait, BatchOptions.MinMaxWait, BatchOptions.MaxMaxWait,
                "hh:mm:ss, a bare number counts days; RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default"),
        ];
        foreach (var problem in ranges.OfType<string>())
        {
            yield return problem;
        }

        if (!BatchCompressions.TryParse(batch.Compression, out _))
        {
            yield return $"Batch:Compression '{batch.Compression}' is unknown; use one of {BatchCompressions.ValidNames}.";
        }

        if (Ranges.Outside("Batch:MaxOpenPartitions", batch.MaxOpenPartitions, 1, BatchOptions.MaxMaxOpenPartitions,
                "batches open at once, one per partition, each in memory") is { } partitions)
        {
            yield return partitions;
        }

        if (batch.PartitionBy is not null && BatchKeyTemplates.PartitionProblem(batch.PartitionBy, batch.Enabled) is { } partitionProblem)
        {
            yield return partitionProblem;
        }
    }
}
