using MassTransit;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Messaging;

/// <summary>Reads what the core needs from a RabbitMQ delivery: the JSON message, headers and AMQP properties.</summary>
internal static class InboundMessages
{
    /// <summary>A raw publisher's message: its body is the JSON message.</summary>
    public static InboundMessage FromRaw(ConsumeContext<RawJsonMessage> context, string queueAction) =>
        From(context, queueAction, context.Message.Json, envelope: false);

    /// <summary>A typed publisher's message: the JSON message is the <c>message</c> of MassTransit's envelope.</summary>
    public static InboundMessage FromEnvelope(ConsumeContext context, string queueAction) =>
        From(context, queueAction, MassTransitEnvelope.MessageOf(context.ReceiveContext.Body.GetBytes()), envelope: true);

    private static InboundMessage From(ConsumeContext context, string queueAction, ReadOnlyMemory<byte> json, bool envelope)
    {
        var receive = context.ReceiveContext;
        var properties = receive.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties : null;
        string? badHeader = null;
        string? Header(string name)
        {
            // A typed publisher's headers travel in the envelope; a raw publisher's are AMQP headers, read as the
            // client sent them (MassTransit's view of them turns bytes that are not UTF-8 into replacement characters).
            var value = envelope && context.Headers.TryGetHeader(name, out var header) ? header
                : properties?.Headers?.TryGetValue(name, out header) == true ? header
                : receive.TransportHeaders.TryGetHeader(name, out header) ? header : null;
            if (HeaderText.TryRead(value, out var text, out var problem))
            {
                return text;
            }

            badHeader ??= $"the '{name}' header holds {problem}.";
            return null;
        }

        return new InboundMessage
        {
            QueueAction = queueAction,
            QueueName = receive.InputAddress.Segments[^1],
            Body = json,
            DestinationHeader = Header("destination"),
            EventIdHeader = Header("event-id"),
            MessageId = properties?.MessageId ?? context.MessageId?.ToString(),
            ConnectionId = Header("connection-id"),
            Topic = Header("topic"),
            TimestampHeader = Header("timestamp"),
            TraceParent = Header("traceparent"),
            TraceState = Header("tracestate"),
            TransportTimestamp = properties?.IsTimestampPresent() == true ? properties.Timestamp.UnixTime : null,
            BadHeader = badHeader,
        };
    }
}
