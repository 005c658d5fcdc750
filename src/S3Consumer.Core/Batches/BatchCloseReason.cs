namespace S3Consumer.Core.Batches;

/// <summary>What closed a batch: one of its limits, or the worker before any was reached.</summary>
public enum BatchCloseReason
{
    /// <summary>It holds <c>Batch:MaxMessages</c>.</summary>
    MaxMessages,

    /// <summary>It reached <c>Batch:MaxBytes</c>, or the next message would have taken it past them.</summary>
    MaxBytes,

    /// <summary><c>Batch:MaxWait</c> passed since its first message.</summary>
    MaxWait,

    /// <summary>The worker is stopping, or the destination's configuration changed.</summary>
    Drain,

    /// <summary>Its destination is unavailable, and the message probing it is written at once.</summary>
    Probe,

    /// <summary>A message of another partition would have opened more than <c>Batch:MaxOpenPartitions</c> batches: the oldest is written first.</summary>
    Partitions,

    /// <summary>
    /// A message would have taken the open batches past what the worker holds for them: <c>Batches:MaxBufferedBytes</c>
    /// (the largest batch is written first), or the messages its queues let wait (the batch holding the most is).
    /// </summary>
    Memory,
}
