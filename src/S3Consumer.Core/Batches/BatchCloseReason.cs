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
}
