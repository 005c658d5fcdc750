using System.Globalization;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Sets a message aside while its destination is unavailable: into <c>&lt;queue&gt;.held.&lt;destination&gt;</c>, a durable
/// queue that nothing consumes. Each held message expires after <see cref="S3Options.HoldDelay"/> and RabbitMQ itself
/// dead-letters it back into its queue (no plugin, no timer in the worker), body and headers as delivered plus
/// <see cref="HeldSinceHeader"/> (and RabbitMQ's <c>x-death</c> of the last trip). The copy is confirmed by the broker before the original is acknowledged, so a crash
/// in between leaves the message twice (written twice under the same key), never lost.
/// </summary>
public sealed class HoldingQueues(IOptions<S3Options> options)
{
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

    public async Task HoldAsync(ConsumeContext context, string destination, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(context);
        var receive = context.ReceiveContext;
        if (!receive.TryGetPayload<ChannelContext>(out var channel) || !receive.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivered))
        {
            throw new InvalidOperationException("Messages are held in RabbitMQ; this message did not come from RabbitMQ.");
        }

        // Not cancelled when the worker stops: a hold takes milliseconds, and a message half held stays in its queue anyway.
        var queue = receive.InputAddress.Segments[^1];
        var holding = Name(queue, destination);

        // Declared for each message, so that a holding queue deleted by an operator comes back rather than dropping what is sent to it.
        await channel.QueueDeclare(holding, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object>
        {
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = queue,
        }, CancellationToken.None).ConfigureAwait(false);

        var properties = new BasicProperties(delivered.Properties)
        {
            Expiration = ((long)options.Value.HoldDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
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
}
