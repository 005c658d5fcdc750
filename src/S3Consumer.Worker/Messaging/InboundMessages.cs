using MassTransit;
using MassTransit.Serialization;
using S3Consumer.Contracts;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Messaging;

/// <summary>Reads what the core needs from a RabbitMQ delivery: body, headers and AMQP properties.</summary>
internal static class InboundMessages
{
    public static InboundMessage From(ConsumeContext context, string queueAction, string? destination, ActionData? data)
    {
        var receive = context.ReceiveContext;
        var properties = receive.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties : null;
        return new InboundMessage
        {
            QueueAction = queueAction,
            QueueName = receive.InputAddress.Segments[^1],
            Data = data,
            Destination = destination,
            DestinationHeader = Header(context, "destination"),
            Body = receive.Body.GetBytes(),
            IsEnvelope = receive.ContentType?.MediaType == SystemTextJsonMessageSerializer.JsonContentType.MediaType,
            EventIdHeader = Header(context, "event-id"),
            MessageId = properties?.MessageId ?? context.MessageId?.ToString(),
            ConnectionId = Header(context, "connection-id"),
            Topic = Header(context, "topic"),
            TimestampHeader = Header(context, "timestamp"),
            TraceParent = Header(context, "traceparent"),
            TraceState = Header(context, "tracestate"),
            SentTime = properties?.IsTimestampPresent() == true
                ? DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime).UtcDateTime
                : null,
        };
    }

    // A typed publisher's headers travel in the envelope; a raw publisher's are AMQP headers.
    private static string? Header(ConsumeContext context, string name) =>
        context.Headers.Get<string>(name) ?? context.ReceiveContext.TransportHeaders.Get<string>(name);
}
