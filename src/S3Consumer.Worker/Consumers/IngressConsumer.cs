using Microsoft.Extensions.Options;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Consumers;

/// <summary>
/// Consumes <c>Ingress:Queue</c>, bound to the exchange a publisher such as Ampersand sends to: raw JSON read and
/// subscribe messages alike, each by its own <c>action</c>, and notifications.
/// </summary>
public sealed class IngressConsumer(
    ObjectDelivery delivery, HoldingQueues holding, BatchRoom room, SkippedMessages skipped, IOptions<QueueOptions> queues)
    : ActionConsumer(delivery, holding, room, skipped, queues, action: null);
