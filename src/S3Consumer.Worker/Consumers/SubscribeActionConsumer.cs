using S3Consumer.Contracts;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Consumers;

/// <summary>Consumes subscribe-action messages from <c>s3consumer-subscribe</c>.</summary>
public sealed class SubscribeActionConsumer(ObjectDelivery delivery, HoldingQueues holding) : ActionConsumer<SubscribeActionMessage>(delivery, holding, "subscribe")
{
    protected override (string? Destination, ActionData? Data) Describe(SubscribeActionMessage message) =>
        (message.Destination, message.Data);
}
