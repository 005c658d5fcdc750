using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;
using Polly.Timeout;

namespace S3Consumer.Worker.Storage;

/// <summary>What a failed write is about, which decides what happens next.</summary>
public enum S3FailureScope
{
    /// <summary>S3 may take it in a moment: retried at once, a few times; then the destination is unavailable.</summary>
    Transient,

    /// <summary>The destination refuses every write until someone fixes it: unavailable at once, its messages held.</summary>
    Destination,

    /// <summary>This message can never be written as it is: to the error queue at once.</summary>
    Message,
}

/// <summary>
/// A failed write: what it is about, and S3's error code (or the kind of network failure) for operators.
/// <see cref="MayHaveStored"/> when the write ended without S3's answer (a timeout, a connection lost while the
/// request was under way, a 5xx other than 503 and 501), so that S3 may have stored the object all the same.
/// <see cref="RenewsCredentials"/> when S3 refused the credentials as expired or invalid: renewed, they may be taken.
/// </summary>
public sealed record S3Failure(S3FailureScope Scope, string Code, bool MayHaveStored = false, bool RenewsCredentials = false);

/// <summary>
/// The one place that says what each failure of a write means. Everything else follows from it: the retry pipeline
/// (<see cref="PutRetryPipeline"/>) retries only <see cref="S3FailureScope.Transient"/> failures, and renews credentials
/// once where <see cref="S3Failure.RenewsCredentials"/>; the delivery holds the messages of a destination whose write
/// failed for <see cref="S3FailureScope.Destination"/> reasons or stayed transient through the retries; a
/// <see cref="S3FailureScope.Message"/> failure sends the message to the error queue; <c>check</c> explains the code.
/// </summary>
public static class S3Failures
{
    // Refusals that concern every write to the destination: credentials, permissions, the bucket, the region, and the
    // destination's own settings that S3 or the server does not take (storage class, encryption, ACL, tags, a feature
    // such as If-None-Match that an S3-compatible server does not implement).
    private static readonly HashSet<string> DestinationCodes = new(
    [
        "AccessDenied", "AllAccessDisabled", "AccountProblem", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurity",
        "NotSignedUp", "NoSuchBucket", "PermanentRedirect", "TemporaryRedirect", "AuthorizationHeaderMalformed",
        "IllegalLocationConstraintException", "InvalidBucketState", "InvalidObjectState", "AccessControlListNotSupported",
        "NotImplemented", "InvalidStorageClass", "InvalidEncryptionAlgorithmError", "InvalidTag",
    ], StringComparer.Ordinal);

    // The credentials themselves are refused as expired or no longer valid: a session that ended early, a role's
    // credentials revoked.
    private static readonly HashSet<string> ExpiredCredentialsCodes = new(["ExpiredToken", "InvalidToken", "TokenRefreshRequired"], StringComparer.Ordinal);

    // Refusals of this message only: retrying or holding it changes nothing.
    private static readonly HashSet<string> MessageCodes = new(
    [
        "EntityTooLarge", "EntityTooSmall", "KeyTooLongError", "MetadataTooLarge", "InvalidDigest", "BadDigest", "MalformedXML",
    ], StringComparer.Ordinal);

    // A request S3 finds wrong: the destination's when it is about a header the destination's settings send (its
    // checksum, encryption, ACL, tags; Object Lock without a checksum), the message's otherwise.
    private static readonly HashSet<string> RequestCodes = new(["InvalidArgument", "InvalidRequest"], StringComparer.Ordinal);

    private static readonly HashSet<string> TransientCodes = new(
    [
        "SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "Throttling", "OperationAborted",

        // The sender takes S3's clock from this answer (its Date header): the retry is signed with S3's time.
        "RequestTimeTooSkewed",
    ], StringComparer.Ordinal);

    public static S3Failure Classify(Exception error) => error switch
    {
        AmazonServiceException { StatusCode: not 0 } service => Classify(service),
        TimeoutRejectedException or TimeoutException => new(S3FailureScope.Transient, "Timeout", MayHaveStored: true),

        // SocketsHttpHandler's ConnectTimeout (no HttpClient, whose Timeout looks alike, sends a PUT): no connection was
        // made, so nothing was sent.
        OperationCanceledException { InnerException: TimeoutException } => new(S3FailureScope.Transient, "ConnectTimeout"),
        HttpRequestException { InnerException: AuthenticationException } => new(S3FailureScope.Destination, "TlsFailure"),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => new(S3FailureScope.Transient, "NameResolutionFailure"),

        // No connection was made, so nothing was sent.
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
            or HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } }
            or SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new(S3FailureScope.Transient, "ConnectionFailure"),
        HttpRequestException or IOException or SocketException => new(S3FailureScope.Transient, "ConnectionFailure", MayHaveStored: true),
        OperationCanceledException => new(S3FailureScope.Transient, "Canceled", MayHaveStored: true),
        { InnerException: { } inner } => Classify(inner),

        // The SDK's own refusals before sending (no credentials found, an endpoint it cannot build) concern the destination.
        AmazonClientException => new(S3FailureScope.Destination, "ClientConfiguration"),
        _ => new(S3FailureScope.Message, error.GetType().Name),
    };

    private static S3Failure Classify(AmazonServiceException error)
    {
        var code = string.IsNullOrEmpty(error.ErrorCode) ? ((int)error.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : error.ErrorCode;
        var status = (int)error.StatusCode;

        // S3 answered: it stored the object only if something failed after it did (a 500, a gateway's 502 or 504);
        // a 503 (SlowDown), a 501 (a feature not implemented) and every 4xx refused it.
        var mayHaveStored = status >= 500 && error.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.NotImplemented);
        return code switch
        {
            _ when TransientCodes.Contains(code) => new(S3FailureScope.Transient, code, mayHaveStored),
            _ when ExpiredCredentialsCodes.Contains(code) => new(S3FailureScope.Destination, code, RenewsCredentials: true),
            _ when DestinationCodes.Contains(code) || code.StartsWith("KMS.", StringComparison.Ordinal) || error.StatusCode == HttpStatusCode.NotImplemented
                => new(S3FailureScope.Destination, code),
            _ when RequestCodes.Contains(code) => new(AboutDestinationHeader(error) ? S3FailureScope.Destination : S3FailureScope.Message, code),
            _ when MessageCodes.Contains(code) => new(S3FailureScope.Message, code),
            _ when status >= 500 || error.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict
                => new(S3FailureScope.Transient, code, mayHaveStored),

            // A redirect (wrong region), a refusal or a missing bucket that S3 named differently: still the destination's.
            _ when status is >= 300 and < 400 || error.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.NotFound
                => new(S3FailureScope.Destination, code),
            _ => new(S3FailureScope.Message, code),
        };
    }

    // S3 names the header in an InvalidArgument's ArgumentName, and in the message of the others.
    private static bool AboutDestinationHeader(AmazonServiceException error) =>
        DestinationHeaders.Named((error as S3RefusalException)?.ArgumentName) || DestinationHeaders.Named(error.Message);
}
