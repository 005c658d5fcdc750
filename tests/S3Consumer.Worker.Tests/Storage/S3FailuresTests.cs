using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.S3;
using Polly.Timeout;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>Each failure S3 or the network can give a write, and what it is about.</summary>
public sealed class S3FailuresTests
{
    [Theory]
    [InlineData("InvalidAccessKeyId", HttpStatusCode.Forbidden, S3FailureScope.Destination, false)]
    [InlineData("SignatureDoesNotMatch", HttpStatusCode.Forbidden, S3FailureScope.Destination, false)]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, S3FailureScope.Destination, false)]
    [InlineData("ExpiredToken", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("NoSuchBucket", HttpStatusCode.NotFound, S3FailureScope.Destination, false)]
    [InlineData("PermanentRedirect", HttpStatusCode.MovedPermanently, S3FailureScope.Destination, false)]
    [InlineData("AuthorizationHeaderMalformed", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("SomethingNew", HttpStatusCode.Forbidden, S3FailureScope.Destination, false)]
    [InlineData("RequestTimeTooSkewed", HttpStatusCode.Forbidden, S3FailureScope.Transient, false)]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, S3FailureScope.Transient, false)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, S3FailureScope.Transient, true)]
    [InlineData("", HttpStatusCode.BadGateway, S3FailureScope.Transient, true)]
    [InlineData("", HttpStatusCode.GatewayTimeout, S3FailureScope.Transient, true)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable, S3FailureScope.Transient, false)]
    [InlineData("RequestTimeout", HttpStatusCode.BadRequest, S3FailureScope.Transient, false)]
    [InlineData("InvalidToken", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("AccessControlListNotSupported", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("NotImplemented", HttpStatusCode.NotImplemented, S3FailureScope.Destination, false)]
    [InlineData("", HttpStatusCode.NotImplemented, S3FailureScope.Destination, false)]
    [InlineData("KMS.NotFoundException", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("KMS.DisabledException", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("KMS.KMSInvalidStateException", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("InvalidStorageClass", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("InvalidEncryptionAlgorithmError", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("InvalidTag", HttpStatusCode.BadRequest, S3FailureScope.Destination, false)]
    [InlineData("EntityTooLarge", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    [InlineData("MetadataTooLarge", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    [InlineData("KeyTooLongError", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    [InlineData("InvalidArgument", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    [InlineData("SomethingNew", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    public void S3_error_codes_are_about_the_destination_the_moment_or_the_message(string code, HttpStatusCode status, S3FailureScope scope, bool mayHaveStored)
    {
        var failure = S3Failures.Classify(new AmazonS3Exception("refused") { ErrorCode = code, StatusCode = status });

        Assert.Equal(scope, failure.Scope);
        Assert.Equal(code == "" ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : code, failure.Code);
        Assert.Equal(mayHaveStored, failure.MayHaveStored); // only an answer that came after S3 may have stored the object
    }

    [Theory]
    [InlineData("ExpiredToken", true)]
    [InlineData("InvalidToken", true)]
    [InlineData("TokenRefreshRequired", true)]
    [InlineData("AccessDenied", false)]
    [InlineData("InvalidAccessKeyId", false)]
    public void Credentials_refused_as_expired_are_renewed_before_the_destination_counts_as_unavailable(string code, bool renews) =>
        Assert.Equal((S3FailureScope.Destination, renews), S3Failures.Classify(new AmazonS3Exception("refused") { ErrorCode = code, StatusCode = HttpStatusCode.BadRequest }) is var failure
            ? (failure.Scope, failure.RenewsCredentials)
            : default);

    // S3 names the header of an InvalidArgument in ArgumentName, and the one of an InvalidRequest in its message.
    [Theory]
    [InlineData("InvalidArgument", "x-amz-server-side-encryption", "The encryption method specified is not supported", S3FailureScope.Destination)]
    [InlineData("InvalidArgument", "x-amz-server-side-encryption-aws-kms-key-id", "Invalid keyId", S3FailureScope.Destination)]
    [InlineData("InvalidArgument", "x-amz-acl", "Invalid canned ACL", S3FailureScope.Destination)]
    [InlineData("InvalidArgument", "x-amz-tagging", "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", S3FailureScope.Destination)]
    [InlineData("InvalidRequest", null, "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters", S3FailureScope.Destination)]
    [InlineData("InvalidRequest", null, "Value for x-amz-checksum-crc32c header is invalid.", S3FailureScope.Destination)]
    [InlineData("InvalidRequest", null, "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.", S3FailureScope.Destination)]
    [InlineData("InvalidArgument", "x-amz-meta-topic", "Your metadata headers are not valid.", S3FailureScope.Message)]
    [InlineData("InvalidRequest", null, "The request is not valid.", S3FailureScope.Message)]
    public void A_request_S3_finds_wrong_is_the_destinations_when_it_names_a_header_the_destination_sets(
        string code, string? argument, string message, S3FailureScope scope)
    {
        var refusal = new S3RefusalException(message, Amazon.Runtime.ErrorType.Sender, code, "request", HttpStatusCode.BadRequest, null) { ArgumentName = argument };

        Assert.Equal(new S3Failure(scope, code), S3Failures.Classify(refusal));
    }

    // The last column: the request may have reached S3 before it failed.
    public static TheoryData<Exception, S3FailureScope, string, bool> NetworkFailures => new()
    {
        { new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), S3FailureScope.Transient, "ConnectionFailure", false },
        { new HttpRequestException(HttpRequestError.ConnectionError, "no connection"), S3FailureScope.Transient, "ConnectionFailure", false },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), S3FailureScope.Transient, "NameResolutionFailure", false },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "the server closed the connection"), S3FailureScope.Transient, "ConnectionFailure", true },
        { new HttpRequestException("tls", new AuthenticationException("untrusted")), S3FailureScope.Destination, "TlsFailure", false },
        { new TimeoutRejectedException(), S3FailureScope.Transient, "Timeout", true },
        { new TaskCanceledException("canceled", new TimeoutException("A connection could not be established within the configured ConnectTimeout.")), S3FailureScope.Transient, "ConnectTimeout", false },
        { new AmazonS3Exception("wrapped", new IOException("reset")), S3FailureScope.Transient, "ConnectionFailure", true },
        { new Amazon.Runtime.AmazonClientException("Unable to find credentials"), S3FailureScope.Destination, "ClientConfiguration", false },
        { new InvalidOperationException("a bug"), S3FailureScope.Message, "InvalidOperationException", false },
    };

    [Theory]
    [MemberData(nameof(NetworkFailures))]
    public void Network_failures_are_transient_except_TLS_and_missing_credentials(Exception error, S3FailureScope scope, string code, bool mayHaveStored) =>
        Assert.Equal(new S3Failure(scope, code, mayHaveStored), S3Failures.Classify(error));
}
