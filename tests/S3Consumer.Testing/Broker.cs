using System.Text;
using RabbitMQ.Client;

namespace S3Consumer.Testing;

/// <summary>A plain AMQP client on the test broker: publishes as a non-.NET publisher would, reads and deletes queues.</summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;

    private Broker(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    /// <summary>The broker's version, as it told the client.</summary>
    public string Version =>
        connection.ServerProperties?.TryGetValue("version", out var version) == true && version is byte[] bytes ? Encoding.UTF8.GetString(bytes) : "?";

    /// <summary>Connects to the test broker, <see cref="TestServices.RabbitHost"/>.</summary>
    public static Task<Broker> ConnectAsync() => ConnectAsync(TestServices.RabbitHost);

    public static Task<Broker> ConnectAsync(string host) => ConnectAsync(new AmqpTcpEndpoint(host));

    /// <summary>
    /// Connects to <paramref name="node"/> (a node of the test cluster, say), on <paramref name="virtualHost"/>. With
    /// <paramref name="confirmed"/>, each publish returns once the broker confirmed it (a quorum queue: once replicated).
    /// </summary>
    public static async Task<Broker> ConnectAsync(AmqpTcpEndpoint node, bool confirmed = false, string virtualHost = "/")
    {
        var connection = await new ConnectionFactory { VirtualHost = virtualHost }.CreateConnectionAsync([node], "s3consumer-tests");
        return new Broker(connection, await connection.CreateChannelAsync(new CreateChannelOptions(confirmed, confirmed)));
    }

    /// <summary>Connects as <paramref name="factory"/> says (another broker, TLS, other credentials).</summary>
    public static async Task<Broker> ConnectAsync(ConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var connection = await factory.CreateConnectionAsync("s3consumer-tests");
        return new Broker(connection, await connection.CreateChannelAsync());
    }

    /// <summary>A connection of its own, for a consumer that should share nothing with this client.</summary>
    public static Task<IConnection> OpenConnectionAsync(string? host = null) =>
        new ConnectionFactory { HostName = host ?? TestServices.RabbitHost }.CreateConnectionAsync("s3consumer-tests");

    /// <summary>Declares a queue as MassTransit declares its receive endpoints' (durable, shared, kept), so a worker takes it as it is.</summary>
    public Task DeclareQueueAsync(string queue, IDictionary<string, object?>? arguments = null) =>
        channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments);

    /// <summary>Sends raw JSON to a queue through the default exchange, persistent, as README.md's "From any language (raw JSON)" describes.</summary>
    public Task PublishRawAsync(string queue, byte[] body, IReadOnlyDictionary<string, string>? headers = null, string? messageId = null,
        string? contentType = "application/json") =>
        PublishAsync(queue, body, headers?.ToDictionary(header => header.Key, header => (object?)Encoding.UTF8.GetBytes(header.Value)), messageId, contentType);

    /// <summary>
    /// Sends raw JSON with headers of any AMQP type, as a Node or Python client does: RabbitMQ.Client writes a string
    /// or bytes as a long string, integers, decimals, floats, booleans and <see cref="AmqpTimestamp"/>s as such.
    /// Persistent unless <paramref name="persistent"/> says otherwise (Ampersand publishes transient messages).
    /// </summary>
    public async Task PublishAsync(string queue, byte[] body, IDictionary<string, object?>? headers, string? messageId = null,
        string? contentType = "application/json", AmqpTimestamp? timestamp = null, bool persistent = true)
    {
        var properties = new BasicProperties
        {
            ContentType = contentType,
            MessageId = messageId,
            Persistent = persistent,
            Headers = headers,
        };
        if (timestamp is { } sent)
        {
            properties.Timestamp = sent;
        }

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
    public Task<BasicGetResult> TakeAsync(string queue, TimeSpan? timeout = null) =>
        Poll.ForValueAsync(() => OnQueueAsync(queue, probe => probe.BasicGetAsync(queue, autoAck: true), null),
            timeout ?? TimeSpan.FromSeconds(30), $"a message in {queue}");

    /// <summary>Takes every message ready in a queue, as it is now: each is acknowledged, so gone from the queue.</summary>
    public async Task<IReadOnlyList<BasicGetResult>> TakeAllAsync(string queue)
    {
        var taken = new List<BasicGetResult>();
        while (await OnQueueAsync(queue, probe => probe.BasicGetAsync(queue, autoAck: true), null) is { } message)
        {
            taken.Add(message);
        }

        return taken;
    }

    /// <summary>Messages ready in a queue; 0 for a queue that does not exist (yet).</summary>
    public Task<uint> CountAsync(string queue) => OnQueueAsync(queue, probe => probe.MessageCountAsync(queue), 0u);

    public Task<uint> ConsumerCountAsync(string queue) => OnQueueAsync(queue, probe => probe.ConsumerCountAsync(queue), 0u);

    /// <summary>Waits until a queue that exists holds no message ready, as when a worker has taken them all.</summary>
    public Task WaitUntilEmptyAsync(string queue, TimeSpan? timeout = null)
    {
        var left = 0u;
        return Poll.UntilAsync(async () => (left = await CountAsync(queue)) == 0, timeout ?? TimeSpan.FromSeconds(30), $"{queue} to be empty",
            seen: () => $"{left} message(s) ready");
    }

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

    /// <summary>Deletes the queues, with the error and skipped queues and the exchanges MassTransit made for them.</summary>
    public async Task DeleteQueuesAsync(params string[] queues)
    {
        foreach (var name in queues.SelectMany(queue => new[] { queue, $"{queue}_error", $"{queue}_skipped" }))
        {
            await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false);
            await channel.ExchangeDeleteAsync(name, ifUnused: false);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for a queue's count; fails saying what it waited for otherwise.</summary>
    public async Task<uint> WaitForCountAsync(string queue, Func<uint, bool> done, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var count = 0u;
        await Poll.UntilAsync(async () => done(count = await CountAsync(queue)), timeout ?? TimeSpan.FromSeconds(30),
            $"{queue} to have {what}", seen: () => $"{count} message(s)");
        return count;
    }

    public static string Header(BasicGetResult message, string name) =>
        message?.BasicProperties.Headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), _ => value?.ToString() ?? "" }
            : "";

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
