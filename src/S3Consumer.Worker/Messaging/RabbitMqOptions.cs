namespace S3Consumer.Worker.Messaging;

/// <summary>The broker, bound from <c>RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    /// <summary>
    /// <c>amqp://</c> or <c>amqps://user:pass@host:port/vhost</c> (the RabbitMQ URI specification); when set it replaces
    /// Host, Port, VirtualHost, Username and Password.
    /// </summary>
    public Uri? Uri { get; set; }

    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Comma-separated <c>host:port</c> of the cluster's other nodes, tried in turn when the connection is lost.</summary>
    public string? ClusterNodes { get; set; }

    public BrokerTlsOptions Tls { get; } = new();

    /// <summary>How often the worker and the broker check that the connection is alive; a dead one is noticed after two of these.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the worker connects, without the password (which may be in <see cref="Uri"/>), so it is safe to log.</summary>
    public override string ToString() => Uri is { } uri
        ? $"{uri.Scheme}://{uri.UserInfo.Split(':')[0]}@{uri.Authority}{uri.AbsolutePath} (password ***)"
        : $"{Username}@{Host}:{Port}{VirtualHost} (password ***)";
}
