using MassTransit;
using Microsoft.Extensions.Options;
using S3Consumer.Contracts;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Consumers;

/// <summary>Consumes read-action messages from <c>s3consumer-read</c>.</summary>
public sealed class ReadActionConsumer(
    ObjectDelivery delivery, HoldingQueues holding, BatchRoom room, SkippedMessages skipped, IOptions<QueueOptions> queues)
    : ActionConsumer(delivery, holding, room, skipped, queues, "read"), IConsumer<ReadActionMessage>
{
    public Task Consume(ConsumeContext<ReadActionMessage> context) => ConsumeTyped(context);
}
