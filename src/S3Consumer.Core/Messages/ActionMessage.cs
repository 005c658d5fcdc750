namespace S3Consumer.Core.Messages;

/// <summary>How a message carries its payload.</summary>
public enum MessageShape
{
    /// <summary><c>{"destination": ..., "data": {...}}</c>, as the source document shows.</summary>
    Wrapped,

    /// <summary>
    /// The payload itself at the top level, as Ampersand's webhook and RabbitMQ destinations send it (and any body of a
    /// notification).
    /// </summary>
    Webhook,
}

/// <summary>
/// A message as read by <see cref="ActionMessageReader"/>: where its payload is and the fields the worker uses. The
/// payload stays the delivered bytes; nothing else of it is kept.
/// </summary>
public sealed record ActionMessage
{
    public required MessageShape Shape { get; init; }

    /// <summary>
    /// The payload: the bytes written under <c>data</c> (<c>data</c>'s value for a wrapped message, the whole body
    /// for the webhook shape), exactly as delivered.
    /// </summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The destination the body names (its <c>destination</c> field); the webhook shape has none.</summary>
    public string? Destination { get; init; }

    public required ActionFields Fields { get; init; }
}

/// <summary>The payload's fields the worker reads (ids, names, the time, how its result is given), as text.</summary>
public sealed record ActionFields
{
    public string? Action { get; init; }
    public string? ProjectId { get; init; }
    public string? Provider { get; init; }
    public string? InstallationId { get; init; }
    public string? ObjectName { get; init; }
    public string? OperationId { get; init; }
    public string? OperationTime { get; init; }

    /// <summary><c>resultInfo.type</c>: <c>inline</c> (the records are in <c>result</c>) or <c>url</c>.</summary>
    public string? ResultType { get; init; }

    /// <summary><c>resultInfo.downloadUrl</c>, where the records are when <see cref="ResultType"/> is <c>url</c>.</summary>
    public string? DownloadUrl { get; init; }

    /// <summary>Whether the records are to be fetched from <see cref="DownloadUrl"/> rather than read from <c>result</c>.</summary>
    public bool ResultIsUrl => ResultType == "url";

    // The download URL is signed: a credential that must never be printed.
    public override string ToString() =>
        $"ActionFields {{ Action = {Action}, ObjectName = {ObjectName}, Provider = {Provider}, ResultType = {ResultType} }}";
}
