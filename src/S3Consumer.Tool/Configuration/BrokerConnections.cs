using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Tool.Configuration;

/// <summary>Connects to the broker the worker's <c>RabbitMq</c> settings name; the one place the tool makes a connection.</summary>
internal static class BrokerConnections
{
    public static Task<IConnection> ConnectAsync(IConfiguration configuration, string purpose, CancellationToken cancellationToken)
    {
        var broker = configuration.GetSection(RabbitMqOptions.SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        return new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            VirtualHost = broker.VirtualHost,
            UserName = broker.Username,
            Password = broker.Password,
            ClientProvidedName = $"s3consumer {purpose}",
        }.CreateConnectionAsync(cancellationToken);
    }
}
