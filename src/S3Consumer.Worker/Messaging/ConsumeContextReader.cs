using MassTransit;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Messaging;

/// <summary>Reads what the core needs from a RabbitMQ delivery: the JSON message, headers and AMQP properties.</summary>
internal static class ConsumeContextReader
{
    /// <summary>
    /// A raw publisher's message: its body is the JSON message, its headers the AMQP headers as the client sent them.
    /// <paramref name="queueAction"/> is null for a queue that takes both actions.
    /// </summary>
    public static InboundMessage FromRaw(ConsumeContext<RawJsonMessage> context, string? queueAction)
    {
        // MassTransit's view of AMQP headers turns bytes that are not UTF-8 into replacement characters; the table does not.
        var properties = Properties(context);
        return Create(context, queueAction, context.Message.Json,
            name => properties?.Headers?.TryGetValue(name, out var value) == true ? value : TransportHeader(context, name));
    }

    /// <summary>A typed publisher's message: the JSON message is the <c>message</c> of MassTransit's envelope, its headers the envelope's.</summary>
    public static InboundMessage FromEnvelope(ConsumeContext context, string? queueAction) =>
        Create(context, queueAction, MassTransitEnvelope.MessageOf(context.ReceiveContext.Body.GetBytes()),
            name => context.Headers.TryGetHeader(name, out var value) ? value : TransportHeader(context, name));

    /// <summary>The message from its JSON, a lookup of its headers' values of any AMQP type, and the AMQP properties the core uses.</summary>
    public static InboundMessage Create(
        string? queueAction, string queueName, ReadOnlyMemory<byte> json, Func<string, object?> header, string? messageId, long? transportTimestamp, bool redelivered = false)
    {
        ArgumentNullException.ThrowIfNull(header);
        string? badHeader = null;
        string? Text(string name)
        {
            if (HeaderText.TryRead(header(name), out var text, out var problem))
            {
                return text;
            }

            badHeader ??= $"the '{name}' header holds {problem}.";
            return null;
        }

        return new InboundMessage
        {
            QueueAction = queueAction,
            QueueName = queueName,
            Body = json,
            DestinationHeader = Text("destination"),
            EventIdHeader = Text("event-id"),
            MessageId = messageId,
            ConnectionId = Given(Text("connectionId")) ?? Text("connection-id"),
            Topic = Text("topic"),
            TimestampHeader = Text("timestamp"),
            TimestampMsHeader = Text("timestamp-ms"),
            MetadataHeaders = new MetadataHeaders(Text("projectId"), Text("installationId"), Text("operationId"), Text("objectName")),
            NotificationType = Given(Text("notificationType")),
            TraceParent = Text("traceparent"),
            TraceState = Text("tracestate"),
            TransportTimestamp = transportTimestamp,
            Redelivered = redelivered,
            BadHeader = badHeader,
        };
    }

    // Ampersand sends every header, an empty one where it has no value.
    private static string? Given(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static InboundMessage Create(ConsumeContext context, string? queueAction, ReadOnlyMemory<byte> json, Func<string, object?> header)
    {
        var properties = Properties(context);
        return Create(queueAction, context.ReceiveContext.InputAddress.Segments[^1], json, header,
            properties?.MessageId ?? context.MessageId?.ToString(),
            properties?.IsTimestampPresent() == true ? properties.Timestamp.UnixTime : null, context.ReceiveContext.Redelivered);
    }

    private static RabbitMQ.Client.IReadOnlyBasicProperties? Properties(ConsumeContext context) =>
        context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties : null;

    private static object? TransportHeader(ConsumeContext context, string name) =>
        context.ReceiveContext.TransportHeaders.TryGetHeader(name, out var value) ? value : null;
}
