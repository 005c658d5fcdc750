namespace S3Consumer.Worker.Messaging;

/// <summary>TLS to the broker, bound from <c>RabbitMq:Tls</c>.</summary>
public sealed class BrokerTlsOptions
{
    /// <summary>TLS to the broker; an <c>amqps://</c> <c>RabbitMq:Uri</c> turns it on by itself.</summary>
    public bool Enabled { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate; the system's trust store when absent.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate, for brokers that require one; <see cref="ClientKeyFile"/> holds its key.</summary>
    public string? ClientCertFile { get; set; }

    public string? ClientKeyFile { get; set; }

    /// <summary>The name the broker's certificate must carry; the host's name when absent.</summary>
    public string? ServerName { get; set; }
}
