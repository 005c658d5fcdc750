using System.Globalization;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using S3Consumer.Tool.Configuration;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Tool.Check;

/// <summary>
/// Whether the exchange <c>Ingress:Exchange</c> names exists and routes to <c>Ingress:Queue</c>: the exchange and the
/// queue are looked up passively, and one probe (<see cref="IngressProbe"/>) is published, mandatory, with a routing key
/// the queue's binding matches; the broker returns it when no binding takes it. The worker acknowledges the probe unwritten.
/// </summary>
internal static class IngressCheck
{
    /// <summary>The outcome as one line; null when no ingress is configured.</summary>
    public static async Task<CheckLine?> RunAsync(IngressOptions options, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }

        var (exchange, queue, bindingKey) = (options.Exchange!, options.Queue, options.RoutingKey ?? "");
        IConnection connection;
        try
        {
            connection = await BrokerConnections.ConnectAsync(configuration, "check", cancellationToken).ConfigureAwait(false);
        }
        catch (BrokerUnreachableException error)
        {
            return CheckLine.Failed($"RabbitMQ cannot be reached ({error.InnerException?.Message ?? error.Message}), so whether exchange '{exchange}' routes to queue '{queue}' is not known: check the RabbitMq settings.");
        }

        await using (connection.ConfigureAwait(false))
        {
            if (!await PassiveDeclare.ExchangeExistsAsync(connection, exchange, cancellationToken).ConfigureAwait(false))
            {
                return CheckLine.Failed($"exchange '{exchange}' does not exist, so RabbitMQ refuses what Ampersand publishes to it: start the worker, which declares it (topic, durable), or create it.");
            }

            if (!await PassiveDeclare.QueueExistsAsync(connection, queue, cancellationToken).ConfigureAwait(false))
            {
                return CheckLine.Failed($"queue '{queue}' does not exist, so exchange '{exchange}' routes nothing to it: start the worker, which declares the queue and binds it.");
            }

            var routingKey = IngressProbe.RoutingKeyFor(bindingKey);
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), cancellationToken).ConfigureAwait(false);
            var probe = new BasicProperties
            {
                ContentType = "application/json",
                Expiration = ((long)IngressProbe.Expiry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                Headers = new Dictionary<string, object?> { [IngressProbe.Header] = "1"u8.ToArray() },
            };
            try
            {
                await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, probe, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (PublishException error) when (error.IsReturn)
            {
                return CheckLine.Failed($"exchange '{exchange}' routes a message with routing key '{routingKey}' to no queue, so Ampersand's messages are dropped: " +
                                        $"queue '{queue}' is not bound to it with routing key '{bindingKey}'; start the worker, which binds it.");
            }

            return CheckLine.Passed($"exchange '{exchange}' routes to queue '{queue}' (binding key '{bindingKey}'): a probe with routing key '{routingKey}' was taken.");
        }
    }
}
