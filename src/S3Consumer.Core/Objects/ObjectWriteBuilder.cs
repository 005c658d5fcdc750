using Newtonsoft.Json.Linq;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Rows;

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
        return Write(read, destination, metadata, time);
    }

    /// <summary>
    /// The object the message becomes at a one-object destination of <c>Format</c> records: key and metadata as
    /// <see cref="Build"/> makes them, and its rows, of which the caller makes the body (see <see cref="RowsBody"/>).
    /// Throws <see cref="UndeliverableMessageException"/> as <see cref="Build"/> does, and for a message whose rows cannot be made.
    /// </summary>
    public static (ObjectWrite Write, MessageRows Rows) BuildRows(InboundMessage message, ActionMessage read, Destination destination)
    {
        var (metadata, time) = Describe(message, read, destination);
        return (Write(read, destination, metadata, time), MessageRows.Of(read, metadata, time));
    }

    /// <summary>
    /// The line the message becomes in a batch object of its destination (one that sets <c>Batch:MaxMessages</c>): its
    /// payload, metadata and time; its key is the batch's. Throws <see cref="UndeliverableMessageException"/> as
    /// <see cref="Build"/> does.
    /// </summary>
    public static BatchMessage BuildBatchLine(InboundMessage message, ActionMessage read, Destination destination)
    {
        var (metadata, time) = Describe(message, read, destination);
        return new BatchMessage(new ObjectContent(read.Payload, destination.Envelope), metadata, time, read.Shape);
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

    private static ObjectWrite Write(ActionMessage read, Destination destination, ObjectMetadata metadata, EventTime time) => new(
        destination,
        destination.KeyTemplate.Render(metadata, time, read.Payload, destination.Name),
        S3UserMetadata.Encode(metadata, destination.Name),
        new ObjectContent(read.Payload, destination.Envelope));

    private static (ObjectMetadata Metadata, EventTime Time) Describe(InboundMessage message, ActionMessage read, Destination destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(destination);
        if (message.BadHeader is { } badHeader)
        {
            throw new UndeliverableMessageException(UndeliverableReason.BadHeader, badHeader);
        }

        CheckAction(message, read);
        var (timestamp, time) = EventTimeOf(message, read);
        var fields = read.Fields;
        var headers = message.MetadataHeaders;
        var metadata = new ObjectMetadata
        {
            ProjectId = Given(fields.ProjectId) ?? headers.ProjectId,
            InstallationId = Given(fields.InstallationId) ?? headers.InstallationId,
            ConnectionId = message.ConnectionId,
            DestinationId = destination.Id,
            OperationId = Given(fields.OperationId) ?? headers.OperationId,
            ObjectName = Given(fields.ObjectName) ?? headers.ObjectName,
            EventId = EventIdentity.Resolve(message.EventIdHeader, message.MessageId, message.Body.Span),
            Timestamp = timestamp,
            Topic = string.IsNullOrWhiteSpace(message.Topic) ? message.QueueName : message.Topic,
        };
        return (metadata, time);
    }

    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // A read or subscribe message must be of its queue's action (either, on a queue that takes both); a notification has none.
    private static void CheckAction(InboundMessage message, ActionMessage read)
    {
        var action = read.Fields.Action;
        if (message.NotificationType is not null || (message.QueueAction is { } queueAction ? action == queueAction : action is "read" or "subscribe"))
        {
            return;
        }

        var where = read.Shape == MessageShape.Wrapped ? "data.action" : "action";
        throw (action, message.QueueAction) switch
        {
            (null, { } takes) => new UndeliverableMessageException(UndeliverableReason.MissingField, $"{where} is missing: set it to '{takes}'."),
            (null, null) => new UndeliverableMessageException(UndeliverableReason.MissingField, $"{where} is missing: set it to 'read' or 'subscribe'."),
            (_, { } takes) => new UndeliverableMessageException(
                UndeliverableReason.WrongQueue,
                $"{where} is '{Excerpt.Quote(action)}', but queue '{message.QueueName}' takes '{takes}' actions: send it to the {Excerpt.Quote(action)} queue."),
            _ => new UndeliverableMessageException(
                UndeliverableReason.WrongQueue,
                $"{where} is '{Excerpt.Quote(action)}', but queue '{message.QueueName}' takes 'read' and 'subscribe' actions only: send those."),
        };
    }

    // The event's time: the payload's operationTime, else the timestamp-ms header, else the timestamp header, else the
    // transport's timestamp. The headers come last but one: Ampersand's are the time of the delivery attempt, so a retry
    // by the publisher would otherwise get another key.
    private static (string Text, EventTime Time) EventTimeOf(InboundMessage message, ActionMessage read)
    {
        if (read.Fields.OperationTime is { } operationTime)
        {
            var where = read.Shape == MessageShape.Wrapped ? "$.data.operationTime" : "$.operationTime";
            return EventTime.TryParse(operationTime, out var time)
                ? (operationTime, time)
                : throw new UndeliverableMessageException(
                    UndeliverableReason.WrongType,
                    $"{where} '{Excerpt.Quote(operationTime)}' is not an RFC 3339 time such as 2025-10-14T02:58:59.323405308Z: send the time in that form.");
        }

        if (Given(message.TimestampMsHeader) is { } milliseconds)
        {
            return HeaderTime("timestamp-ms", milliseconds, EventTime.TryParseUnixMilliseconds, "Unix milliseconds (1760410739323)");
        }

        if (Given(message.TimestampHeader) is { } header)
        {
            return HeaderTime("timestamp", header, EventTime.TryParseUnix, "Unix seconds or milliseconds (1760410739)");
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
            "the message has no time: set the payload's operationTime, the 'timestamp' header (RFC 3339 or Unix seconds) or the AMQP timestamp property.");
    }

    private delegate bool UnixParser(string? text, out EventTime time);

    // RFC 3339 text is kept as sent; a Unix time becomes RFC 3339, as the AMQP timestamp does.
    private static (string Text, EventTime Time) HeaderTime(string name, string text, UnixParser unix, string unixForm) =>
        EventTime.TryParse(text, out var time) ? (text, time)
        : unix(text, out time) ? (TimeFields.Rfc3339Nano(time), time)
        : throw new UndeliverableMessageException(
            UndeliverableReason.BadHeader,
            $"the '{name}' header '{Excerpt.Quote(text)}' is no time: send an RFC 3339 time such as 2025-10-14T02:58:59Z or {unixForm}, " +
            "or leave it out (the payload's operationTime comes first).");
}
