using MassTransit;
using MassTransit.RabbitMqTransport;
using RabbitMQ.Client;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Binds the ingress queue to the publisher's exchange each time the queue's channel is made (at start and after every
/// reconnect), before MassTransit declares the queue and consumes from it. The exchange is declared (topic, durable)
/// only when a passive declare finds none: an exchange the user made, of whatever type, is taken as it is, which
/// MassTransit's own bindings (which declare their exchange) could not do. The queue is declared first with the very
/// settings MassTransit declares it with, so that the binding never waits for the consumer to start.
/// </summary>
internal sealed partial class IngressBinding(IngressOptions options, ReceiveSettings queue, ILogger<IngressBinding> logger) : IFilter<ChannelContext>
{
    private int logged;

    public async Task Send(ChannelContext context, IPipe<ChannelContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await BindAsync(context.ConnectionContext.Connection, context.CancellationToken).ConfigureAwait(false);
        await next.Send(context).ConfigureAwait(false);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("ingressBinding");

    private async Task BindAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var exchange = options.Exchange!;
        var declared = await EnsureExchangeAsync(connection, exchange, cancellationToken).ConfigureAwait(false);

        // Channels of its own: a refusal closes the channel it came on, and the consumer's must stay open.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(
            queue.QueueName, queue.Durable, queue.Exclusive, queue.AutoDelete, new Dictionary<string, object?>(queue.QueueArguments!),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(queue.QueueName, exchange, options.RoutingKey ?? "", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (declared)
        {
            LogExchangeDeclared(exchange);
        }

        if (Interlocked.Exchange(ref logged, 1) == 0)
        {
            LogBound(queue.QueueName, exchange, options.RoutingKey ?? "");
        }
    }

    // True when it had to be declared.
    private static async Task<bool> EnsureExchangeAsync(IConnection connection, string exchange, CancellationToken cancellationToken)
    {
        if (await PassiveDeclare.ExchangeExistsAsync(connection, exchange, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exchange {Exchange} did not exist and was declared (topic, durable), as Ingress:Exchange names it")]
    private partial void LogExchangeDeclared(string exchange);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue} takes the read and subscribe messages of exchange {Exchange} (routing key '{RoutingKey}')")]
    private partial void LogBound(string queue, string exchange, string routingKey);
}
