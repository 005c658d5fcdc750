using MassTransit;
using S3Consumer.Contracts;
using S3Consumer.Worker.Delivery;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Consumers;

/// <summary>
/// Writes each message of an action as one S3 object: reads the delivery, hands it to <see cref="ObjectDelivery"/>, and
/// sets it aside in a holding queue when its destination is unavailable. Nothing is retried in memory: a message either
/// ends (written, held or in the error queue) or stays unacknowledged in its queue.
/// </summary>
public abstract class ActionConsumer<TMessage>(ObjectDelivery delivery, HoldingQueues holding, string action) : IConsumer<TMessage>
    where TMessage : class
{
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (destination, data) = Describe(context.Message);
        var message = InboundMessages.From(context, action, destination, data);
        var outcome = await delivery.DeliverAsync(message, HoldingQueues.HeldSince(context), context.CancellationToken).ConfigureAwait(false);
        if (outcome.HeldFor is { } unavailable)
        {
            await holding.HoldAsync(context, unavailable, outcome.HeldSince).ConfigureAwait(false);
        }
    }

    /// <summary>The destination the message names, and its payload.</summary>
    protected abstract (string? Destination, ActionData? Data) Describe(TMessage message);
}
