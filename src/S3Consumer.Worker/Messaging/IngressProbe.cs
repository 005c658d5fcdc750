namespace S3Consumer.Worker.Messaging;

/// <summary>
/// The message <c>s3consumer check</c> publishes to the ingress exchange to learn whether it routes to the ingress
/// queue: marked by <see cref="Header"/>, acknowledged unwritten by the worker, and expiring in a queue nobody reads.
/// </summary>
public static class IngressProbe
{
    public const string Header = "s3consumer-check";

    /// <summary>The reason it is counted under in <c>s3consumer.messages.skipped</c>.</summary>
    public const string SkipReason = "check";

    /// <summary>How long it waits in a queue before RabbitMQ drops it.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A routing key that the binding key <paramref name="bindingKey"/> matches: the key itself, its topic wildcards
    /// (<c>*</c> one word, <c>#</c> any words) each taken as the word <c>s3consumer-check</c>.
    /// </summary>
    public static string RoutingKeyFor(string bindingKey)
    {
        ArgumentNullException.ThrowIfNull(bindingKey);
        return string.Join('.', bindingKey.Split('.').Select(word => word is "*" or "#" ? "s3consumer-check" : word));
    }
}
