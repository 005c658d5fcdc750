using S3Consumer.Contracts;

namespace S3Consumer.Core.Objects;

/// <summary>One delivered message and what its transport said about it, independent of the broker.</summary>
public sealed record InboundMessage
{
    /// <summary>The action the queue it came from takes: <c>read</c> or <c>subscribe</c>.</summary>
    public required string QueueAction { get; init; }

    public required string QueueName { get; init; }

    /// <summary>The payload as deserialized; null when the message had none.</summary>
    public ActionData? Data { get; init; }

    /// <summary>The destination the message's own <c>destination</c> field names.</summary>
    public string? Destination { get; init; }

    /// <summary>The destination the <c>destination</c> header names.</summary>
    public string? DestinationHeader { get; init; }

    /// <summary>The body exactly as delivered.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Whether the body is a MassTransit envelope (a typed publisher) rather than raw JSON.</summary>
    public bool IsEnvelope { get; init; }

    public string? EventIdHeader { get; init; }
    public string? MessageId { get; init; }
    public string? ConnectionId { get; init; }
    public string? Topic { get; init; }
    public string? TimestampHeader { get; init; }

    /// <summary>A raw publisher's W3C trace context (<c>traceparent</c> and <c>tracestate</c> headers).</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>The broker's timestamp (AMQP <c>timestamp</c>), used when the message states no time.</summary>
    public DateTime? SentTime { get; init; }
}
