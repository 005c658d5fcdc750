using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Tool.Configuration;

/// <summary>
/// Connects to the broker the worker's <c>RabbitMq</c> settings name (host and credentials, or <c>RabbitMq:Uri</c>, and
/// TLS), through the worker's own mapping of those settings; the one place the tool makes a connection.
/// </summary>
internal static class BrokerConnections
{
    public static Task<IConnection> ConnectAsync(IConfiguration configuration, string purpose, CancellationToken cancellationToken)
    {
        var broker = BrokerConnection.From(configuration.GetSection(RabbitMqOptions.SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions());
        broker.Factory.ClientProvidedName = $"s3consumer {purpose}";
        return broker.Factory.CreateConnectionAsync(cancellationToken);
    }
}
