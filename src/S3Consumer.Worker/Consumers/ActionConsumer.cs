using MassTransit;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Consumers;

/// <summary>
/// Writes each message of an action as one S3 object, whoever published it: a raw publisher's JSON
/// (<see cref="RawJsonMessage"/>) or a typed publisher's contract (taken out of MassTransit's envelope, by the
/// subclass for its action). Both reach <see cref="ObjectDelivery"/> as the same JSON message.
/// </summary>
public abstract class ActionConsumer(ObjectDelivery delivery, string action) : IConsumer<RawJsonMessage>
{
    public Task Consume(ConsumeContext<RawJsonMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return delivery.DeliverAsync(InboundMessages.FromRaw(context, action), context.CancellationToken);
    }

    /// <summary>A typed publisher's message, read from the delivered envelope rather than from the contract it was deserialized to.</summary>
    protected Task ConsumeTyped(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return delivery.DeliverAsync(InboundMessages.FromEnvelope(context, action), context.CancellationToken);
    }
}
