namespace S3Consumer.Worker.Messaging;

/// <summary>
/// The queue that takes messages from an exchange a publisher such as Ampersand sends to, bound from <c>Ingress</c>
/// and checked at start by <see cref="IngressOptionsValidator"/>; off while <see cref="Exchange"/> is not set.
/// </summary>
public sealed class IngressOptions
{
    public const string SectionName = "Ingress";

    /// <summary>The exchange to take messages from; declared (topic, durable) when it does not exist.</summary>
    public string? Exchange { get; set; }

    /// <summary>The queue bound to it, which takes read and subscribe messages alike.</summary>
    public string Queue { get; set; } = "s3consumer-ingress";

    /// <summary>The binding's routing key: <c>#</c> takes every message of a topic exchange.</summary>
    public string RoutingKey { get; set; } = "#";

    public bool Enabled => !string.IsNullOrEmpty(Exchange);
}
