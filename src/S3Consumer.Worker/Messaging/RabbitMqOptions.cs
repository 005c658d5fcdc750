namespace S3Consumer.Worker.Messaging;

/// <summary>The broker, bound from <c>RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Comma-separated <c>host:port</c> of the cluster's other nodes, tried in turn when the connection is lost.</summary>
    public string? ClusterNodes { get; set; }

    public override string ToString() => $"{Username}@{Host}:{Port}{VirtualHost} (password ***)";
}
