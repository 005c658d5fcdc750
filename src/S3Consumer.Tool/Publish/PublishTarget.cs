namespace S3Consumer.Tool.Publish;

/// <summary>Where <c>publish</c> sends: a queue through the default exchange, or an exchange with a routing key as Ampersand does.</summary>
internal sealed record PublishTarget(string Exchange, string RoutingKey, bool AsAmpersand)
{
    public static PublishTarget Queue(string queue) => new("", queue, AsAmpersand: false);

    public static PublishTarget Ampersand(string exchange, string routingKey) => new(exchange, routingKey, AsAmpersand: true);

    public override string ToString() => AsAmpersand ? $"exchange {Exchange} (routing key '{RoutingKey}')" : RoutingKey;
}
