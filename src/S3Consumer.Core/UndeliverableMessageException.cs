namespace S3Consumer.Core;

/// <summary>Why a message can never be written as it is; each names a different fix.</summary>
public enum UndeliverableReason
{
    /// <summary>The message names no destination, or one that is not configured.</summary>
    UnknownDestination,

    /// <summary>The message is not valid JSON, or lacks <c>data</c>, <c>action</c> or a timestamp.</summary>
    MalformedMessage,

    /// <summary>The destination's key template produced no usable key for this message.</summary>
    InvalidObjectKey,

    /// <summary>The message's metadata does not fit in S3's user-metadata limit.</summary>
    MetadataTooLarge,

    /// <summary>S3 refused the object for good (access denied, missing bucket, ...).</summary>
    RejectedByS3,

    /// <summary>A result sent by URL cannot be fetched: host not allowed, URL expired or refused, too large, not records.</summary>
    ResultDownload,
}

/// <summary>
/// A message that retrying cannot write: it belongs in the error queue, with a message that says what to fix.
/// </summary>
/// <remarks>
/// It carries no inner exception on purpose: MassTransit's fault headers show the innermost exception's message,
/// and this message, which names what to fix, is the reason an operator reads in the error queue.
/// </remarks>
public sealed class UndeliverableMessageException : Exception
{
    public UndeliverableMessageException(UndeliverableReason reason, string message)
        : base(message) => Reason = reason;

    public UndeliverableReason Reason { get; }
}
