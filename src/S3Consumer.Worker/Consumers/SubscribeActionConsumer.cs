using MassTransit;
using Microsoft.Extensions.Options;
using S3Consumer.Contracts;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Consumers;

/// <summary>Consumes subscribe-action messages from <c>s3consumer-subscribe</c>.</summary>
public sealed class SubscribeActionConsumer(
    ObjectDelivery delivery, HoldingQueues holding, BatchRoom room, SkippedMessages skipped, IOptions<QueueOptions> queues)
    : ActionConsumer(delivery, holding, room, skipped, queues, "subscribe"), IConsumer<SubscribeActionMessage>
{
    public Task Consume(ConsumeContext<SubscribeActionMessage> context) => ConsumeTyped(context);
}
