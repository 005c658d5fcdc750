using MassTransit;
using S3Consumer.Contracts;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Consumers;

/// <summary>Writes each subscribe-action message as one S3 object.</summary>
public sealed class SubscribeActionConsumer(ObjectDelivery delivery) : IConsumer<SubscribeActionMessage>
{
    public Task Consume(ConsumeContext<SubscribeActionMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = InboundMessages.From(context, "subscribe", context.Message.Destination, context.Message.Data);
        return delivery.DeliverAsync(message, context.CancellationToken);
    }
}
