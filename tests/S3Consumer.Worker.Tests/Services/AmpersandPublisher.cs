using RabbitMQ.Client;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Publishes as Ampersand's RabbitMQ destination does (hookdeck/outpost's <c>destrabbitmq</c> provider): to an
/// exchange, the event's topic as routing key, <c>application/json</c>, transient, without a message id or AMQP
/// timestamp, every header a string, on a channel without publisher confirms, not mandatory.
/// </summary>
internal sealed class AmpersandPublisher : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly string exchange;

    private AmpersandPublisher(IConnection connection, IChannel channel, string exchange)
    {
        this.connection = connection;
        this.channel = channel;
        this.exchange = exchange;
    }

    public static async Task<AmpersandPublisher> ConnectAsync(string exchange)
    {
        var connection = await Broker.OpenConnectionAsync();
        return new AmpersandPublisher(connection, await connection.CreateChannelAsync(), exchange);
    }

    public Task PublishAsync(string topic, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Transient,
            Headers = headers.ToDictionary(header => header.Key, header => (object?)header.Value),
        };
        return channel.BasicPublishAsync(exchange, topic, mandatory: false, properties, body).AsTask();
    }

    // A round trip on the channel before it closes: the broker handles a channel's frames in order, so once it answers,
    // every publish before it has reached the exchange. Closing at once after the last publish, as a short-lived
    // publisher does, lost the last ones just after a broker restart; Ampersand's publisher is long-lived.
    public async ValueTask DisposeAsync()
    {
        await channel.ExchangeDeclarePassiveAsync(exchange);
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
