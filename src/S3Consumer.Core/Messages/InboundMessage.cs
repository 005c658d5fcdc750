namespace S3Consumer.Core.Messages;

/// <summary>One delivered message and what its transport said about it, independent of the broker.</summary>
public sealed record InboundMessage
{
    /// <summary>
    /// The action the queue it came from takes: <c>read</c> or <c>subscribe</c>; null for a queue that takes both, each
    /// message by its own <c>action</c> (<c>Ingress:Queue</c>).
    /// </summary>
    public required string? QueueAction { get; init; }

    public required string QueueName { get; init; }

    /// <summary>
    /// The JSON message as its publisher wrote it: a raw publisher's body as delivered, or a typed publisher's message
    /// already taken out of its transport envelope. <see cref="ActionMessageReader"/> finds the payload in it.
    /// </summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The <c>destination</c> header, as text.</summary>
    public string? DestinationHeader { get; init; }

    public string? EventIdHeader { get; init; }
    public string? MessageId { get; init; }

    /// <summary>The <c>connectionId</c> header, else <c>connection-id</c>.</summary>
    public string? ConnectionId { get; init; }

    public string? Topic { get; init; }

    /// <summary>The <c>timestamp</c> header: RFC 3339, or Unix seconds or milliseconds.</summary>
    public string? TimestampHeader { get; init; }

    /// <summary>The <c>timestamp-ms</c> header: Unix milliseconds (or RFC 3339, as newer Ampersand releases send it).</summary>
    public string? TimestampMsHeader { get; init; }

    /// <summary>
    /// The camelCase headers Ampersand sends (<c>projectId</c>, <c>installationId</c>, <c>operationId</c>,
    /// <c>objectName</c>): the metadata of those names where the payload has none.
    /// </summary>
    public MetadataHeaders MetadataHeaders { get; init; } = MetadataHeaders.None;

    /// <summary>
    /// The <c>notificationType</c> header: Ampersand's notification (<c>connection.created</c>, <c>read.backfill.done</c>,
    /// ...), not a read or subscribe message.
    /// </summary>
    public string? NotificationType { get; init; }

    /// <summary>A raw publisher's W3C trace context (<c>traceparent</c> and <c>tracestate</c> headers).</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>
    /// The transport's own timestamp as sent (AMQP <c>timestamp</c>: Unix seconds, or milliseconds from many clients;
    /// <see cref="Keys.EventTime.TryFromUnixTimestamp"/> tells them apart), used when the message states no time.
    /// </summary>
    public long? TransportTimestamp { get; init; }

    /// <summary>
    /// The broker delivered it before (a worker stopped or lost its connection before acknowledging it): a message of a
    /// batch may then be in an object already.
    /// </summary>
    public bool Redelivered { get; init; }

    /// <summary>
    /// A header the worker reads whose value it could not take as text, and why (a table, bytes that are not UTF-8):
    /// the message goes to the error queue with it rather than being written with a header silently dropped.
    /// </summary>
    public string? BadHeader { get; init; }
}
