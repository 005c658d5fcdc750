using System.Net;
using Amazon.Runtime;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>S3's refusal becomes the SDK's exception with S3's code, message and request id; anything else keeps at least the status.</summary>
public sealed class S3ErrorAnswerTests
{
    [Fact]
    public async Task An_error_document_gives_its_code_message_and_request_id()
    {
        using var response = Answer(HttpStatusCode.NotFound,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>" +
            "<BucketName>lake</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>");
        response.Headers.TryAddWithoutValidation("x-amz-id-2", "id-2");

        var error = await S3ErrorAnswer.ReadAsync(response, CancellationToken.None);

        Assert.Equal(("NoSuchBucket", "The specified bucket does not exist", "4442587FB7D0A2F9", HttpStatusCode.NotFound, ErrorType.Sender, "id-2"),
            (error.ErrorCode, error.Message, error.RequestId, error.StatusCode, error.ErrorType, error.AmazonId2));
    }

    [Fact]
    public async Task A_page_that_is_not_S3s_keeps_the_status_and_the_request_id_header()
    {
        using var response = Answer(HttpStatusCode.BadGateway, "<html><body>Bad gateway</body></html>");
        response.Headers.TryAddWithoutValidation("x-amz-request-id", "from-header");

        var error = await S3ErrorAnswer.ReadAsync(response, CancellationToken.None);

        Assert.Null(error.ErrorCode);
        Assert.Equal(("502 Bad Gateway", "from-header", ErrorType.Receiver), (error.Message, error.RequestId, error.ErrorType));
        Assert.Equal("502", S3Failures.Classify(error).Code);
    }

    [Fact]
    public async Task A_failed_condition_without_a_document_is_PreconditionFailed()
    {
        using var response = Answer(HttpStatusCode.PreconditionFailed, "");

        var error = await S3ErrorAnswer.ReadAsync(response, CancellationToken.None);

        Assert.Equal(("PreconditionFailed", HttpStatusCode.PreconditionFailed), (error.ErrorCode, error.StatusCode));
    }

    [Theory]
    [InlineData("<Error><Code>SlowDown</Code><Message>Reduce", "SlowDown", null)] // cut short
    [InlineData("<Error><Nested><Code>Inner</Code></Nested><Code>Outer</Code></Error>", "Outer", null)]
    [InlineData("<!DOCTYPE Error [<!ENTITY x \"y\">]><Error><Code>&x;</Code></Error>", null, null)] // no DTDs
    [InlineData("<Other><Code>NotAnError</Code></Other>", null, null)]
    [InlineData("", null, null)]
    public void Only_the_code_and_message_of_an_Error_document_are_read(string document, string? code, string? message) =>
        Assert.Equal((code, message), S3ErrorAnswer.Parse(document) is var parsed ? (parsed.GetValueOrDefault("Code"), parsed.GetValueOrDefault("Message")) : default);

    private static HttpResponseMessage Answer(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body), ReasonPhrase = status == HttpStatusCode.BadGateway ? "Bad Gateway" : null };
}
