namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// How a run's messages are spread over <see cref="Count"/> partitions, taking turns. With <see cref="WholeBatches"/>
/// (B4p), each partition gets a whole number of batches (of the <c>N</c> batches the messages make, partition p gets those
/// numbered p, p + Count, ...), so that every batch fills as in B4 and what is measured is partitioning, not a last,
/// partial batch waiting for <c>MaxWait</c>; else (the memory run) every partition gets as many messages.
/// </summary>
internal sealed record Partitioning(int Count, int MessagesPerBatch, int Messages, bool WholeBatches)
{
    private int Batches => (Messages + MessagesPerBatch - 1) / MessagesPerBatch;

    /// <summary>The partition of message <paramref name="index"/>.</summary>
    public int Of(int index) => WholeBatches ? index % Batches % Count : index % Count;
}
