using RabbitMQ.Client;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// A publisher on RabbitMQ.Client with publisher confirms, connected to a node of the cluster and, after a failure, to
/// the next: the raw publisher (persistent, message id, mandatory, to a queue through the default exchange) and Ampersand
/// (transient, no message id, not mandatory, to the ingress exchange), as <see cref="SoakMessage"/> says.
/// </summary>
internal sealed class AmqpPublisher(string name, IReadOnlyList<AmqpTcpEndpoint> nodes) : SoakPublisher(name)
{
    private IConnection? connection;
    private IChannel? channel;
    private int next;

    protected override async Task PublishAsync(SoakMessage message, CancellationToken cancellationToken)
    {
        channel ??= await OpenAsync(cancellationToken);
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = message.Persistent ? DeliveryModes.Persistent : DeliveryModes.Transient,
            MessageId = message.Publisher == Publisher.Raw ? message.Id : null,
            Headers = new Dictionary<string, object?>(message.Headers),
        };
        await channel.BasicPublishAsync(message.Exchange, message.RoutingKey, mandatory: message.Publisher == Publisher.Raw, properties, message.Body, cancellationToken);
    }

    protected override async Task ResetAsync()
    {
        await DisposeConnectionAsync();
        next++;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DisposeConnectionAsync();
    }

    private async Task<IChannel> OpenAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { AutomaticRecoveryEnabled = false };
        connection = await factory.CreateConnectionAsync([.. nodes.Skip(next % nodes.Count), .. nodes.Take(next % nodes.Count)], $"soak-{Name}", cancellationToken);
        return await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
    }

    private async Task DisposeConnectionAsync()
    {
        try
        {
            await (channel?.DisposeAsync() ?? ValueTask.CompletedTask);
            await (connection?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
#pragma warning disable CA1031 // a broken connection may fail to close; it is dropped all the same
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        (channel, connection) = (null, null);
    }
}
