using System.Globalization;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Objects;

/// <summary>Turns one delivered message into the one S3 object it becomes, or says why it cannot.</summary>
public static class ObjectWriteBuilder
{
    /// <summary>
    /// The object the message becomes at its destination (resolved with <see cref="DestinationCatalog"/>): key, metadata
    /// and body. Throws <see cref="UndeliverableMessageException"/> for a message no retry can write.
    /// </summary>
    public static ObjectWrite Build(InboundMessage message, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var (payload, metadata, time) = Describe(message, destination);
        var context = KeyContext.Create(metadata, time, destination.KeyTemplate.ReadsData ? payload : (ReadOnlyMemory<byte>?)null);
        return new ObjectWrite(
            destination,
            destination.KeyTemplate.Render(context, destination.Name),
            S3UserMetadata.Encode(metadata, destination.Name),
            new ObjectContent(payload));
    }

    /// <summary>
    /// The document the destination's key template sees for this message (<c>metadata</c>, <c>time</c> and <c>data</c>),
    /// as <see cref="Build"/> makes it; throws <see cref="UndeliverableMessageException"/> as <see cref="Build"/> does.
    /// </summary>
    public static JObject KeyContextOf(InboundMessage message, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var (payload, metadata, time) = Describe(message, destination);
        return KeyContext.Create(metadata, time, payload);
    }

    private static (ReadOnlyMemory<byte> Payload, ObjectMetadata Metadata, EventTime Time) Describe(InboundMessage message, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = FindPayload(message);
        if (message.Data is not { } data || data.Action != message.QueueAction)
        {
            throw Malformed(message.Data?.Action is { } action
                ? $"data.action is '{action}', but queue '{message.QueueName}' takes '{message.QueueAction}' actions: send it to the {action} queue."
                : $"data.action is missing: set it to '{message.QueueAction}'.");
        }

        var (timestamp, time) = EventTimeOf(message);
        var metadata = new ObjectMetadata
        {
            ProjectId = data.ProjectId,
            InstallationId = data.InstallationId,
            ConnectionId = message.ConnectionId,
            DestinationId = destination.Id,
            OperationId = data.OperationId,
            ObjectName = data.ObjectName,
            EventId = EventIdentity.Resolve(message.EventIdHeader, message.MessageId, message.Body.Span),
            Timestamp = timestamp,
            Topic = string.IsNullOrWhiteSpace(message.Topic) ? message.QueueName : message.Topic,
        };

        return (payload, metadata, time);
    }

    private static ReadOnlyMemory<byte> FindPayload(InboundMessage message)
    {
        try
        {
            return JsonBody.FindData(message.Body, message.IsEnvelope)
                   ?? throw Malformed("The message has no 'data' object: send {\"data\": {...}} as the source document shows.");
        }
        catch (JsonException error)
        {
            throw Malformed($"The body is not valid JSON ({error.Message}). Send the message as UTF-8 JSON.");
        }
    }

    // The event's time: the timestamp header, else data.operationTime, else the broker's timestamp.
    private static (string Text, EventTime Time) EventTimeOf(InboundMessage message)
    {
        var (source, text) = (message.TimestampHeader, message.Data?.OperationTime, message.SentTime) switch
        {
            ({ } header, _, _) => ("the 'timestamp' header", header),
            (null, { } operationTime, _) => ("data.operationTime", operationTime),
            (null, null, { } sent) => ("the AMQP timestamp", sent.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            _ => throw Malformed("The message has no time: set data.operationTime or the 'timestamp' header (RFC 3339)."),
        };

        return EventTime.TryParse(text, out var time)
            ? (text, time)
            : throw Malformed($"{source} '{text}' is not an RFC 3339 time such as 2025-10-14T02:58:59.323405308Z.");
    }

    private static UndeliverableMessageException Malformed(string message) =>
        new(UndeliverableReason.MalformedMessage, message);
}
