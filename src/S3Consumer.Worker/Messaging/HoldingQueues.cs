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
/// <see cref="HeldSinceHeader"/>. The copy is confirmed by the broker before the original is acknowledged, so a crash
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

        var queue = receive.InputAddress.Segments[^1];
        var holding = Name(queue, destination);

        // Declared for each message, so that a holding queue deleted by an operator comes back rather than dropping what is sent to it.
        await channel.QueueDeclare(holding, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object>
        {
            ["x-dead-letter-exchange"] = "",
            ["x-dead-letter-routing-key"] = queue,
        }, context.CancellationToken).ConfigureAwait(false);

        var properties = new BasicProperties(delivered.Properties)
        {
            Expiration = ((long)options.Value.HoldDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        properties.Headers ??= new Dictionary<string, object?>();
        properties.Headers[HeldSinceHeader] = since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        await channel.BasicPublishAsync("", holding, mandatory: false, properties, receive.Body.GetBytes(), awaitAck: true, context.CancellationToken)
            .ConfigureAwait(false);
    }
}
