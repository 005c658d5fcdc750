using MassTransit;
using S3Consumer.Contracts;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Consumers;

/// <summary>Writes each message of an action as one S3 object: reads the delivery, hands it to <see cref="ObjectDelivery"/>.</summary>
public abstract class ActionConsumer<TMessage>(ObjectDelivery delivery, string action) : IConsumer<TMessage>
    where TMessage : class
{
    public Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (destination, data) = Describe(context.Message);
        return delivery.DeliverAsync(InboundMessages.From(context, action, destination, data), context.CancellationToken);
    }

    /// <summary>The destination the message names, and its payload.</summary>
    protected abstract (string? Destination, ActionData? Data) Describe(TMessage message);
}
