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
    [InlineData("InvalidAccessKeyId", HttpStatusCode.Forbidden, S3FailureScope.Destination)]
    [InlineData("SignatureDoesNotMatch", HttpStatusCode.Forbidden, S3FailureScope.Destination)]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, S3FailureScope.Destination)]
    [InlineData("ExpiredToken", HttpStatusCode.BadRequest, S3FailureScope.Destination)]
    [InlineData("NoSuchBucket", HttpStatusCode.NotFound, S3FailureScope.Destination)]
    [InlineData("PermanentRedirect", HttpStatusCode.MovedPermanently, S3FailureScope.Destination)]
    [InlineData("AuthorizationHeaderMalformed", HttpStatusCode.BadRequest, S3FailureScope.Destination)]
    [InlineData("SomethingNew", HttpStatusCode.Forbidden, S3FailureScope.Destination)]
    [InlineData("RequestTimeTooSkewed", HttpStatusCode.Forbidden, S3FailureScope.Transient)]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, S3FailureScope.Transient)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, S3FailureScope.Transient)]
    [InlineData("", HttpStatusCode.BadGateway, S3FailureScope.Transient)]
    [InlineData("EntityTooLarge", HttpStatusCode.BadRequest, S3FailureScope.Message)]
    [InlineData("InvalidStorageClass", HttpStatusCode.BadRequest, S3FailureScope.Message)]
    [InlineData("KeyTooLongError", HttpStatusCode.BadRequest, S3FailureScope.Message)]
    [InlineData("SomethingNew", HttpStatusCode.BadRequest, S3FailureScope.Message)]
    public void S3_error_codes_are_about_the_destination_the_moment_or_the_message(string code, HttpStatusCode status, S3FailureScope scope)
    {
        var failure = S3Failures.Classify(new AmazonS3Exception("refused") { ErrorCode = code, StatusCode = status });

        Assert.Equal(scope, failure.Scope);
        Assert.Equal(code == "" ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : code, failure.Code);
    }

    public static TheoryData<Exception, S3FailureScope, string> NetworkFailures => new()
    {
        { new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), S3FailureScope.Transient, "ConnectionFailure" },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), S3FailureScope.Transient, "NameResolutionFailure" },
        { new HttpRequestException("tls", new AuthenticationException("untrusted")), S3FailureScope.Destination, "TlsFailure" },
        { new TimeoutRejectedException(), S3FailureScope.Transient, "Timeout" },
        { new AmazonS3Exception("wrapped", new IOException("reset")), S3FailureScope.Transient, "ConnectionFailure" },
        { new Amazon.Runtime.AmazonClientException("Unable to find credentials"), S3FailureScope.Destination, "ClientConfiguration" },
        { new InvalidOperationException("a bug"), S3FailureScope.Message, "InvalidOperationException" },
    };

    [Theory]
    [MemberData(nameof(NetworkFailures))]
    public void Network_failures_are_transient_except_TLS_and_missing_credentials(Exception error, S3FailureScope scope, string code) =>
        Assert.Equal(new S3Failure(scope, code), S3Failures.Classify(error));
}
