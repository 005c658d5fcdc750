using MassTransit;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Consumers;

/// <summary>
/// Writes each message of an action (or, on the ingress queue, of both) as one S3 object, whoever published it: a raw
/// publisher's JSON (<see cref="RawJsonMessage"/>) or a typed publisher's contract (taken out of MassTransit's envelope,
/// by the subclass for its action). Both reach <see cref="ObjectDelivery"/> as the same JSON message; one whose
/// destination is unavailable is set aside in a holding queue, one to skip (see <see cref="SkippedMessages"/>) is
/// acknowledged as it is. Nothing is retried in memory: a message either ends (written, held, skipped or in the error
/// queue) or stays unacknowledged in its queue.
/// </summary>
/// <param name="action">The queue's action; null for a queue that takes both.</param>
public abstract class ActionConsumer(
    ObjectDelivery delivery, HoldingQueues holding, BatchRoom room, SkippedMessages skipped, IOptions<QueueOptions> queues, string? action)
    : IConsumer<RawJsonMessage>
{
    // Only where batches raised the queue's limit; otherwise MassTransit's limit is the configured one.
    private readonly DeliverySlots? slots = room.Messages > 0 ? new DeliverySlots(queues.Value.ConcurrentMessageLimit) : null;

    public Task Consume(ConsumeContext<RawJsonMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DeliverAsync(context, ConsumeContextReader.FromRaw(context, action));
    }

    /// <summary>A typed publisher's message, read from the delivered envelope rather than from the contract it was deserialized to.</summary>
    protected Task ConsumeTyped(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DeliverAsync(context, ConsumeContextReader.FromEnvelope(context, action));
    }

    private async Task DeliverAsync(ConsumeContext context, InboundMessage message)
    {
        if (skipped.Skip(message, context.ReceiveContext.TransportHeaders.TryGetHeader(IngressProbe.Header, out _)))
        {
            return;
        }

        using var slot = slots is null ? null : await slots.TakeAsync(context.CancellationToken).ConfigureAwait(false);
        var outcome = await delivery.DeliverAsync(message, HoldingQueues.HeldSince(context), slot, context.CancellationToken).ConfigureAwait(false);
        if (outcome.HeldFor is { } unavailable)
        {
            await holding.HoldAsync(context, unavailable, outcome.HeldSince).ConfigureAwait(false);
        }
    }
}
