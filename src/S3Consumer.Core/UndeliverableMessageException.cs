namespace S3Consumer.Core;

/// <summary>Why a message can never be written as it is; each names a different fix and starts its reason with <see cref="UndeliverableReasons.Prefix"/>.</summary>
public enum UndeliverableReason
{
    /// <summary>The message names no destination, or one that is not configured.</summary>
    UnknownDestination,

    /// <summary>The body is not JSON: a syntax error, bytes that are not UTF-8, nesting deeper than the limit, no body.</summary>
    InvalidJson,

    /// <summary>A field of the message holds a value of the wrong type (or text that is no RFC 3339 time).</summary>
    WrongType,

    /// <summary>A field the message needs is absent: <c>data</c>, <c>action</c>, a time.</summary>
    MissingField,

    /// <summary>The message says one thing twice: <c>data</c> and <c>Data</c>, a field given twice.</summary>
    AmbiguousMessage,

    /// <summary>The message's <c>action</c> belongs to the other queue.</summary>
    WrongQueue,

    /// <summary>A header the worker reads holds a value it cannot take (a table, bytes that are not UTF-8, a bad time).</summary>
    BadHeader,

    /// <summary>The destination's key template produced no usable key for this message.</summary>
    InvalidObjectKey,

    /// <summary>The message's metadata does not fit in S3's user-metadata limit.</summary>
    MetadataTooLarge,

    /// <summary>S3 refused this object for good (too large, invalid storage class, ...).</summary>
    RejectedByS3,

    /// <summary>The destination has refused every write for longer than the worker holds messages for it.</summary>
    DestinationUnavailable,

    /// <summary>A result sent by URL cannot be fetched: host not allowed, URL expired or refused, too large, not records.</summary>
    ResultDownload,
}

/// <summary>The text each reason starts with in the error queue (listed in the README), so operators can sort and redrive by it.</summary>
public static class UndeliverableReasons
{
    public static string Prefix(UndeliverableReason reason) => reason switch
    {
        UndeliverableReason.UnknownDestination => "Unknown destination",
        UndeliverableReason.InvalidJson => "Invalid JSON",
        UndeliverableReason.WrongType => "Wrong type",
        UndeliverableReason.MissingField => "Missing field",
        UndeliverableReason.AmbiguousMessage => "Ambiguous message",
        UndeliverableReason.WrongQueue => "Wrong queue",
        UndeliverableReason.BadHeader => "Bad header",
        UndeliverableReason.InvalidObjectKey => "Object key",
        UndeliverableReason.MetadataTooLarge => "Metadata too large",
        UndeliverableReason.RejectedByS3 => "S3 refused",
        UndeliverableReason.DestinationUnavailable => "Destination unavailable",
        UndeliverableReason.ResultDownload => "Result download",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

/// <summary>
/// A message that retrying cannot write: it belongs in the error queue, with a reason that starts with its category
/// and says what to fix.
/// </summary>
/// <remarks>
/// It carries no inner exception on purpose: MassTransit's fault headers show the innermost exception's message,
/// and this message, which names what to fix, is the reason an operator reads in the error queue. The reason is
/// bounded (<see cref="MaxDetailLength"/>) so that no large part of a message reaches a header, a span or a log.
/// </remarks>
public sealed class UndeliverableMessageException : Exception
{
    /// <summary>The most characters of detail a reason carries after its category.</summary>
    public const int MaxDetailLength = 600;

    public UndeliverableMessageException(UndeliverableReason reason, string detail)
        : base($"{UndeliverableReasons.Prefix(reason)}: {Excerpt.Bound(detail, MaxDetailLength)}") => Reason = reason;

    public UndeliverableReason Reason { get; }
}
