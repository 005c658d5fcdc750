using System.Collections.Concurrent;
using System.Globalization;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Sets a message aside while its destination is unavailable: into <c>&lt;queue&gt;.held.&lt;destination&gt;</c>, a durable
/// queue that nothing consumes. Each held message expires after <see cref="HoldOptions.HoldDelay"/> and RabbitMQ itself
/// dead-letters it back into its queue (no plugin, no timer in the worker), body and headers as delivered plus
/// <see cref="HeldSinceHeader"/> (and RabbitMQ's <c>x-death</c> of the last trip). The copy is persistent, whatever the
/// publisher sent, and confirmed by the broker before the original is acknowledged, so a crash in between leaves the
/// message twice (written twice under the same key), never lost. With <c>Queues:Quorum</c> a holding queue is a quorum
/// queue that dead-letters at least once, replicated as its queue is, so that a node stopped or lost takes no held message
/// with it; one an earlier version declared classic keeps its type and is used as it is.
/// </summary>
public sealed partial class HoldingQueues(IOptions<HoldOptions> options, IOptions<QueueOptions> queues, ILogger<HoldingQueues> logger)
{
    private const ushort PreconditionFailed = 406;

    // The arguments each holding queue is declared with, once found (a quorum queue, or a classic one that exists).
    private readonly ConcurrentDictionary<string, Dictionary<string, object>> declared = new();

    /// <summary>When the message was first held (ISO 8601, UTC); it keeps this value however often it is held again.</summary>
    public const string HeldSinceHeader = "s3consumer-held-since";

    public static string Name(string queue, string destination) => $"{queue}.held.{destination.ToLowerInvariant()}";

    public static DateTimeOffset? HeldSince(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ReceiveContext.TransportHeaders.Get<string>(HeldSinceHeader) is { } text
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since)
            ? since
            : null;
    }

    /// <exception cref="HoldFailedException">The broker did not take the held copy; the message is to go back to its queue.</exception>
    public async Task HoldAsync(ConsumeContext context, string destination, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(context);
        var receive = context.ReceiveContext;
        if (!receive.TryGetPayload<ChannelContext>(out var channel) || !receive.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivered))
        {
            throw new InvalidOperationException("Messages are held in RabbitMQ; this message did not come from RabbitMQ.");
        }

        var queue = receive.InputAddress.Segments[^1];
        var holding = Name(queue, destination);
        try
        {
            await CopyAsync(receive, channel, delivered, queue, holding, since).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            throw new HoldFailedException(holding, error);
        }
    }

    // Not cancelled when the worker stops: a hold takes milliseconds, and a message half held stays in its queue anyway.
    private async Task CopyAsync(ReceiveContext receive, ChannelContext channel, RabbitMqBasicConsumeContext delivered, string queue, string holding, DateTimeOffset since)
    {
        // Declared for each message, so that a holding queue deleted by an operator comes back rather than dropping what is sent to it.
        var arguments = await ArgumentsAsync(channel, holding, queue).ConfigureAwait(false);
        await channel.QueueDeclare(holding, durable: true, exclusive: false, autoDelete: false, arguments, CancellationToken.None).ConfigureAwait(false);

        // Persistent: a transient message (as Ampersand publishes) held in a classic queue would not outlive a restart of its node.
        var properties = new BasicProperties(delivered.Properties)
        {
            Expiration = ((long)options.Value.HoldDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            DeliveryMode = DeliveryModes.Persistent,
        };
        properties.Headers = properties.Headers is null ? [] : new Dictionary<string, object?>(properties.Headers);
        properties.Headers[HeldSinceHeader] = since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

        // RabbitMQ's record of the previous trips through the holding queue: a message dead-lettered into a queue it was
        // dead-lettered from before, with no rejection in between, counts as a cycle and is dropped.
        foreach (var death in properties.Headers.Keys.Where(name => name == "x-death" || name.StartsWith("x-first-death-", StringComparison.Ordinal) || name.StartsWith("x-last-death-", StringComparison.Ordinal)).ToList())
        {
            properties.Headers.Remove(death);
        }
        await channel.BasicPublishAsync("", holding, mandatory: false, properties, receive.Body.GetBytes(), awaitAck: true, CancellationToken.None)
            .ConfigureAwait(false);
    }

    private async Task<Dictionary<string, object>> ArgumentsAsync(ChannelContext channel, string holding, string queue)
    {
        var classic = new Dictionary<string, object> { ["x-dead-letter-exchange"] = "", ["x-dead-letter-routing-key"] = queue };
        if (!queues.Value.Quorum)
        {
            return classic;
        }

        if (declared.TryGetValue(holding, out var known))
        {
            return known;
        }

        // A queue's type never changes, and a declare that asks for another closes its channel: the first declare is made
        // on a channel of its own, so that the consumer's stays open whatever the broker answers.
        var quorum = new Dictionary<string, object>(classic)
        {
            ["x-queue-type"] = "quorum",
            ["x-dead-letter-strategy"] = "at-least-once",
            ["x-overflow"] = "reject-publish", // at-least-once dead-lettering requires it; nothing limits a holding queue's length
        };
        try
        {
            await using var probe = await channel.ConnectionContext.Connection.CreateChannelAsync().ConfigureAwait(false);
            await probe.QueueDeclareAsync(holding, durable: true, exclusive: false, autoDelete: false, quorum.ToDictionary(pair => pair.Key, pair => (object?)pair.Value))
                .ConfigureAwait(false);
            return declared[holding] = quorum;
        }
        catch (OperationInterruptedException error) when (error.ShutdownReason?.ReplyCode == PreconditionFailed)
        {
            LogClassic(holding);
            return declared[holding] = classic;
        }
        catch (OperationInterruptedException)
        {
            // Asked again with the next message; the consumer's own declare says now whether the broker takes it.
            return quorum;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Holding queue {Queue} is a classic queue, as an earlier version declared it, although Queues:Quorum is set: the messages held there are not " +
        "replicated to the cluster's other nodes. Delete it once it is empty; the worker then declares it as a quorum queue")]
    private partial void LogClassic(string queue);
}
