using Newtonsoft.Json.Linq;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;

namespace S3Consumer.Core.Objects;

/// <summary>Turns one delivered message into the one S3 object it becomes, or says why it cannot.</summary>
public static class ObjectWriteBuilder
{
    /// <summary>
    /// The object the message (read by <see cref="ActionMessageReader"/>) becomes at its destination: key, metadata
    /// and body. Throws <see cref="UndeliverableMessageException"/> for a message no retry can write.
    /// </summary>
    public static ObjectWrite Build(InboundMessage message, ActionMessage read, Destination destination)
    {
        var (metadata, time) = Describe(message, read, destination);
        return new ObjectWrite(
            destination,
            destination.KeyTemplate.Render(metadata, time, read.Payload, destination.Name),
            S3UserMetadata.Encode(metadata, destination.Name),
            new ObjectContent(read.Payload));
    }

    /// <summary>
    /// The line the message becomes in a batch object of its destination (one that sets <c>Batch:MaxMessages</c>): its
    /// payload, metadata and time; its key is the batch's. Throws <see cref="UndeliverableMessageException"/> as
    /// <see cref="Build"/> does.
    /// </summary>
    public static BatchMessage BuildBatchLine(InboundMessage message, ActionMessage read, Destination destination)
    {
        var (metadata, time) = Describe(message, read, destination);
        return new BatchMessage(new ObjectContent(read.Payload), metadata, time);
    }

    /// <summary>
    /// The document the destination's key template sees for this message (<c>metadata</c>, <c>time</c> and <c>data</c>),
    /// as <see cref="Build"/> makes it; throws <see cref="UndeliverableMessageException"/> as <see cref="Build"/> does.
    /// </summary>
    public static JObject KeyContextOf(InboundMessage message, ActionMessage read, Destination destination)
    {
        var (metadata, time) = Describe(message, read, destination);
        return KeyContext.Create(metadata, time, read.Payload);
    }

    private static (ObjectMetadata Metadata, EventTime Time) Describe(InboundMessage message, ActionMessage read, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(destination);
        if (message.BadHeader is { } badHeader)
        {
            throw new UndeliverableMessageException(UndeliverableReason.BadHeader, badHeader);
        }

        var where = read.Shape == MessageShape.Wrapped ? "data.action" : "action";
        if (read.Fields.Action != message.QueueAction)
        {
            throw read.Fields.Action is { } action
                ? new UndeliverableMessageException(
                    UndeliverableReason.WrongQueue,
                    $"{where} is '{Excerpt.Quote(action)}', but queue '{message.QueueName}' takes '{message.QueueAction}' actions: send it to the {Excerpt.Quote(action)} queue.")
                : new UndeliverableMessageException(UndeliverableReason.MissingField, $"{where} is missing: set it to '{message.QueueAction}'.");
        }

        var (timestamp, time) = EventTimeOf(message, read);
        var metadata = new ObjectMetadata
        {
            ProjectId = read.Fields.ProjectId,
            InstallationId = read.Fields.InstallationId,
            ConnectionId = message.ConnectionId,
            DestinationId = destination.Id,
            OperationId = read.Fields.OperationId,
            ObjectName = read.Fields.ObjectName,
            EventId = EventIdentity.Resolve(message.EventIdHeader, message.MessageId, message.Body.Span),
            Timestamp = timestamp,
            Topic = string.IsNullOrWhiteSpace(message.Topic) ? message.QueueName : message.Topic,
        };
        return (metadata, time);
    }

    // The event's time: the timestamp header, else the payload's operationTime, else the transport's timestamp.
    private static (string Text, EventTime Time) EventTimeOf(InboundMessage message, ActionMessage read)
    {
        if (message.TimestampHeader is { } header)
        {
            return EventTime.TryParse(header, out var time)
                ? (header, time)
                : throw new UndeliverableMessageException(
                    UndeliverableReason.BadHeader,
                    $"the 'timestamp' header '{Excerpt.Quote(header)}' is not an RFC 3339 time such as 2025-10-14T02:58:59.323405308Z: fix it, or leave it out to use the payload's operationTime.");
        }

        if (read.Fields.OperationTime is { } operationTime)
        {
            var where = read.Shape == MessageShape.Wrapped ? "$.data.operationTime" : "$.operationTime";
            return EventTime.TryParse(operationTime, out var time)
                ? (operationTime, time)
                : throw new UndeliverableMessageException(
                    UndeliverableReason.WrongType,
                    $"{where} '{Excerpt.Quote(operationTime)}' is not an RFC 3339 time such as 2025-10-14T02:58:59.323405308Z: send the time in that form.");
        }

        if (message.TransportTimestamp is { } sent)
        {
            return EventTime.TryFromUnixTimestamp(sent, out var time)
                ? (TimeFields.Rfc3339Nano(time), time)
                : throw new UndeliverableMessageException(
                    UndeliverableReason.BadHeader,
                    $"the AMQP timestamp {sent} is no time between the years 1 and 9999 (in seconds or milliseconds since 1970): fix it, or set the payload's operationTime.");
        }

        throw new UndeliverableMessageException(
            UndeliverableReason.MissingField,
            "the message has no time: set the payload's operationTime, the 'timestamp' header (RFC 3339) or the AMQP timestamp property.");
    }
}
