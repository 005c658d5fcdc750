namespace S3Consumer.Worker.Batches;

/// <summary>What all the batches of the worker share, bound from <c>Batches</c> and checked at start by <see cref="BatchesOptionsValidator"/>.</summary>
public sealed class BatchesOptions
{
    public const string SectionName = "Batches";

    public const long DefaultMaxBufferedBytes = 256L * 1024 * 1024;

    /// <summary>
    /// What the open batches of every destination may hold in memory together: their messages as delivered and their
    /// lines (see <see cref="WaitingMemory"/>). A message that would pass it has the largest open batch written first.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = DefaultMaxBufferedBytes;
}
