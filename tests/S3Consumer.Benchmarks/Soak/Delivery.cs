namespace S3Consumer.Benchmarks.Soak;

/// <summary>How one delivery of a message to a worker ended, as its <c>process</c> span says.</summary>
internal enum DeliveryResult
{
    /// <summary>Its own object was written.</summary>
    Written,

    /// <summary>The batch it joined was written.</summary>
    Batched,

    /// <summary>Set aside in a holding queue: its destination (or its result's host) was unavailable.</summary>
    Held,

    /// <summary>Sent to the error queue.</summary>
    Parked,

    /// <summary>Acknowledged without a row: a message without records, for a destination of rows.</summary>
    Skipped,
}

/// <summary>One delivery of a message to a worker process (<see cref="WorkerRun.Name"/>), on the run's time; <paramref name="Detail"/> is the code of a hold, the category of a refusal, a batch's key.</summary>
internal sealed record Delivery(string Worker, TimeSpan Start, TimeSpan End, DeliveryResult Result, string? Detail);
