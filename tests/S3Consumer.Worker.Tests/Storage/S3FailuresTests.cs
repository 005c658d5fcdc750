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
    [InlineData("EntityTooLarge", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    [InlineData("InvalidStorageClass", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    [InlineData("KeyTooLongError", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    [InlineData("SomethingNew", HttpStatusCode.BadRequest, S3FailureScope.Message, false)]
    public void S3_error_codes_are_about_the_destination_the_moment_or_the_message(string code, HttpStatusCode status, S3FailureScope scope, bool mayHaveStored)
    {
        var failure = S3Failures.Classify(new AmazonS3Exception("refused") { ErrorCode = code, StatusCode = status });

        Assert.Equal(scope, failure.Scope);
        Assert.Equal(code == "" ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : code, failure.Code);
        Assert.Equal(mayHaveStored, failure.MayHaveStored); // only an answer that came after S3 may have stored the object
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
        { new AmazonS3Exception("wrapped", new IOException("reset")), S3FailureScope.Transient, "ConnectionFailure", true },
        { new Amazon.Runtime.AmazonClientException("Unable to find credentials"), S3FailureScope.Destination, "ClientConfiguration", false },
        { new InvalidOperationException("a bug"), S3FailureScope.Message, "InvalidOperationException", false },
    };

    [Theory]
    [MemberData(nameof(NetworkFailures))]
    public void Network_failures_are_transient_except_TLS_and_missing_credentials(Exception error, S3FailureScope scope, string code, bool mayHaveStored) =>
        Assert.Equal(new S3Failure(scope, code, mayHaveStored), S3Failures.Classify(error));
}
