using System.Text;
using RabbitMQ.Client;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>A plain AMQP client on the broker: fills queues as a non-.NET publisher would, and watches and deletes them.</summary>
internal sealed class RabbitQueues : IAsyncDisposable
{
    private static readonly Dictionary<string, object?> Headers = new() { ["destination"] = Encoding.UTF8.GetBytes(BenchMessages.Destination) };
    private readonly IConnection connection;
    private readonly IChannel channel;

    private RabbitQueues(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    /// <summary>The broker's version, as it told the client.</summary>
    public string BrokerVersion =>
        connection.ServerProperties?.TryGetValue("version", out var version) == true && version is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "?";

    public static async Task<RabbitQueues> ConnectAsync(string host)
    {
        var connection = await Connect(host);
        return new RabbitQueues(connection, await connection.CreateChannelAsync());
    }

    public static Task<IConnection> Connect(string host) => new ConnectionFactory { HostName = host }.CreateConnectionAsync("s3consumer-benchmark");

    public static string NewQueueName() => $"bench-{Guid.NewGuid():N}"[..18];

    /// <summary>Declares a queue as MassTransit declares its receive endpoints' (durable, shared, kept), so the worker takes it as it is.</summary>
    public Task DeclareAsync(string queue) => channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);

    /// <summary>Sends raw JSON through the default exchange, persistent, with the headers README.md names.</summary>
    public ValueTask PublishAsync(string queue, byte[] body, string messageId) =>
        channel.BasicPublishAsync("", queue, mandatory: false,
            new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = messageId, Headers = Headers }, body);

    /// <summary>Declares the queue, publishes <paramref name="count"/> messages and waits until the queue holds them all.</summary>
    public async Task FillAsync(string queue, int count, byte[] body)
    {
        await DeclareAsync(queue);
        for (var i = 0; i < count; i++)
        {
            await PublishAsync(queue, body, BenchMessages.MessageId(i));
        }

        await Poll.UntilAsync(async () => await MessagesAsync(queue) >= count, Poll.For(count), TimeSpan.FromMilliseconds(100),
            $"{count:N0} messages in queue {queue}");
    }

    public async Task<uint> MessagesAsync(string queue) => (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;

    public async Task<uint> ConsumersAsync(string queue) => (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount;

    /// <summary>Deletes the queues, with the error queues and exchanges MassTransit made for them.</summary>
    public async Task DeleteAsync(params string[] queues)
    {
        foreach (var queue in queues)
        {
            foreach (var name in new[] { queue, $"{queue}_error", $"{queue}_skipped" })
            {
                await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
                await channel.ExchangeDeleteAsync(name, ifUnused: false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
