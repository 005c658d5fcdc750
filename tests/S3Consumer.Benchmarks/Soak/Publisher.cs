namespace S3Consumer.Benchmarks.Soak;

/// <summary>Who sends a message, and so how it reaches the worker.</summary>
internal enum Publisher
{
    /// <summary>Raw JSON to the queue of its action through the default exchange, persistent, as README.md's raw publisher.</summary>
    Raw,

    /// <summary>A MassTransit publish of the contracts (<c>S3Consumer.Contracts</c>).</summary>
    Typed,

    /// <summary>As Ampersand's RabbitMQ destination: the webhook shape to the ingress exchange, transient, string headers.</summary>
    Ampersand,
}
