using MassTransit;
using S3Consumer.Contracts;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Consumers;

/// <summary>Writes each read-action message as one S3 object.</summary>
public sealed class ReadActionConsumer(ObjectDelivery delivery) : IConsumer<ReadActionMessage>
{
    public Task Consume(ConsumeContext<ReadActionMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = InboundMessages.From(context, "read", context.Message.Destination, context.Message.Data);
        return delivery.DeliverAsync(message, context.CancellationToken);
    }
}
