using System.Text;
using RabbitMQ.Client;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>A plain AMQP client on the test broker: publishes as a non-.NET publisher would and reads error queues.</summary>
internal sealed class Broker : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;

    private Broker(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public static async Task<Broker> ConnectAsync()
    {
        var connection = await new ConnectionFactory { HostName = TestServices.RabbitHost }.CreateConnectionAsync();
        return new Broker(connection, await connection.CreateChannelAsync());
    }

    /// <summary>Sends raw JSON to a queue through the default exchange, as interface.md section 2 describes.</summary>
    public async Task PublishRawAsync(string queue, byte[] body, IDictionary<string, string>? headers = null, string? messageId = null,
        string? contentType = "application/json")
    {
        var properties = new BasicProperties
        {
            ContentType = contentType,
            MessageId = messageId,
            Persistent = true,
            Headers = headers?.ToDictionary(header => header.Key, header => (object?)Encoding.UTF8.GetBytes(header.Value)),
        };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, body);
    }

    /// <summary>
    /// Publishes as Ampersand's RabbitMQ destination does: JSON to an exchange with a routing key, no headers of this
    /// worker's, and a message id.
    /// </summary>
    public async Task PublishToExchangeAsync(string exchange, string routingKey, byte[] body, string messageId)
    {
        var properties = new BasicProperties { ContentType = "application/json", MessageId = messageId, Persistent = true };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body);
    }

    /// <summary>Declares a durable direct exchange and binds <paramref name="queue"/> to it with <paramref name="routingKey"/>.</summary>
    public async Task BindAsync(string exchange, string queue, string routingKey)
    {
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Direct, durable: true);
        await channel.QueueBindAsync(queue, exchange, routingKey);
    }

    public Task DeleteExchangeAsync(string exchange) => channel.ExchangeDeleteAsync(exchange);

    /// <summary>Takes the next message of a queue, waiting for one to arrive (and for the queue to exist).</summary>
    public async Task<BasicGetResult> TakeAsync(string queue, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await OnQueueAsync(queue, probe => probe.BasicGetAsync(queue, autoAck: true), null) is { } message)
            {
                return message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No message arrived in {queue}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Messages ready in a queue; 0 for a queue that does not exist (yet).</summary>
    public Task<uint> CountAsync(string queue) => OnQueueAsync(queue, probe => probe.MessageCountAsync(queue), 0u);

    public Task<uint> ConsumerCountAsync(string queue) => OnQueueAsync(queue, probe => probe.ConsumerCountAsync(queue), 0u);

    // A queue that does not exist closes the channel it was asked on, so each question gets a channel of its own.
    private async Task<T> OnQueueAsync<T>(string queue, Func<IChannel, Task<T>> ask, T whenMissing)
    {
        await using var probe = await connection.CreateChannelAsync();
        try
        {
            return await ask(probe);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException error) when (error.ShutdownReason?.ReplyCode == 404)
        {
            return whenMissing;
        }
    }

    public async Task DeleteQueuesAsync(params string[] queues)
    {
        foreach (var queue in queues.SelectMany(queue => new[] { queue, $"{queue}_error", $"{queue}_skipped" }))
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    public static string Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), _ => value?.ToString() ?? "" }
            : "";

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
