using MassTransit;
using S3Consumer.Contracts;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Consumers;

/// <summary>Consumes read-action messages from <c>s3consumer-read</c>.</summary>
public sealed class ReadActionConsumer(ObjectDelivery delivery, HoldingQueues holding) : ActionConsumer(delivery, holding, "read"), IConsumer<ReadActionMessage>
{
    public Task Consume(ConsumeContext<ReadActionMessage> context) => ConsumeTyped(context);
}
