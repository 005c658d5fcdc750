using System.Text;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Results;

/// <summary>
/// Messages whose <c>resultInfo.type</c> is <c>url</c>, end to end: the worker process fetches the records over HTTPS
/// (its CA trusted through SSL_CERT_FILE) and writes them in <c>result</c>, or parks the message with the reason.
/// </summary>
[Collection(RealServices.Name)]
[Trait("Category", "Process")]
public sealed class UrlResultTests(AmpersandSetup fixture) : IClassFixture<AmpersandSetup>
{
    // The source document's read example with Ampersand's resultInfo; RESULT marks where the records go.
    private const string Data = """{"action": "read", "projectId": "9482e676-4874-43a4-beea-fa8081d13a07", "provider": "hubspot", "groupRef": "group-id-1", "groupName": "group-name-1", "installationId": "085353b1-07f1-4209-b471-7e028c0a68c8", "objectName": "contacts", "operationId": "0199e0a8-149d-7ee9-9f50-0514403517f9", "operationTime": "2025-10-14T02:58:59.323405308Z", "resultInfo": {"type": "TYPE", "downloadUrl": "URL", "numRecords": 2}, "result": RESULT}""";

    [Theory]
    [InlineData("/records")]
    [InlineData("/moved")]
    [InlineData("/unavailable-once")]
    public async Task Url_result_is_written_with_the_downloaded_records_in_result(string path)
    {
        var id = $"url-{Guid.NewGuid():N}";
        var url = fixture.Listed.Url("localhost", $"{path}?{AmpersandSetup.Signature}&X-Amz-Expires=900");
        var data = Data.Replace("TYPE", "url", StringComparison.Ordinal).Replace("URL", url, StringComparison.Ordinal);

        await Publish(data.Replace("RESULT", "[]", StringComparison.Ordinal), id);
        var stored = await fixture.Bucket.WaitForObjectAsync($"2025-10-14T02:58:59.323405308Z_{id}.json");

        Assert.Equal("{\"data\":" + data.Replace("RESULT", AmpersandSetup.Records, StringComparison.Ordinal) + "}", Encoding.UTF8.GetString(stored.Body));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["x-amz-meta-projectid"] = "9482e676-4874-43a4-beea-fa8081d13a07", ["x-amz-meta-installationid"] = "085353b1-07f1-4209-b471-7e028c0a68c8",
                ["x-amz-meta-connectionid"] = "conn-1", ["x-amz-meta-destinationid"] = "lake", ["x-amz-meta-operationid"] = "0199e0a8-149d-7ee9-9f50-0514403517f9",
                ["x-amz-meta-objectname"] = "contacts", ["x-amz-meta-event-id"] = id, ["x-amz-meta-timestamp"] = "2025-10-14T02:58:59.323405308Z",
                ["x-amz-meta-topic"] = fixture.ReadQueue,
            }.OrderBy(field => field.Key),
            stored.Metadata.OrderBy(field => field.Key));
        Assert.DoesNotContain(fixture.WorkerOutput, line => line.Contains("SENTINEL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signed_url_is_on_no_span_and_in_no_log()
    {
        var id = $"secret-{Guid.NewGuid():N}";
        var url = fixture.Listed.Url("localhost", $"/records?{AmpersandSetup.Signature}");
        await Publish(Data.Replace("TYPE", "url", StringComparison.Ordinal).Replace("URL", url, StringComparison.Ordinal).Replace("RESULT", "[]", StringComparison.Ordinal), id);
        await fixture.Bucket.WaitForObjectAsync($"2025-10-14T02:58:59.323405308Z_{id}.json");

        // The HTTP client's own span of the download, which carries the URL.
        await fixture.Telemetry.WaitUntilAsync(
            received => received.Spans.Any(span => span.Name == "GET" && span.Attributes.GetValueOrDefault("server.address") as string == "localhost"),
            TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(fixture.Telemetry.Spans, span => span.Attributes.Values.Any(value => $"{value}".Contains("SENTINEL", StringComparison.Ordinal)));
        Assert.DoesNotContain(fixture.Telemetry.Logs, log => $"{log.Body} {string.Join(' ', log.Attributes.Values)}".Contains("SENTINEL", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.WorkerOutput, line => line.Contains("SENTINEL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inline_result_is_written_as_sent_and_nothing_is_fetched()
    {
        var id = $"inline-{Guid.NewGuid():N}";
        var before = fixture.Listed.Requests;
        var data = Data.Replace("TYPE", "inline", StringComparison.Ordinal).Replace("URL", "", StringComparison.Ordinal)
            .Replace("RESULT", AmpersandSetup.Records, StringComparison.Ordinal);

        await Publish(data, id);
        var stored = await fixture.Bucket.WaitForObjectAsync($"2025-10-14T02:58:59.323405308Z_{id}.json");

        Assert.Equal("{\"data\":" + data + "}", Encoding.UTF8.GetString(stored.Body));
        Assert.Equal(before, fixture.Listed.Requests);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // host, path, what the reason says
        { "127.0.0.1", "/records", "Result download: host '127.0.0.1' of resultInfo.downloadUrl is not in Results:AllowedHosts (localhost): add it if Ampersand's results come from it." },
        { "localhost", "/elsewhere", "Result download: localhost redirected to another host ('127.0.0.1', https); the worker follows redirects only within the listed host." },
        { "localhost", "/expired", "Result download: localhost answered 403 Forbidden: the download URL has expired (Ampersand signs it for 15 minutes) or was refused." },
        { "localhost", "/gone", "Result download: localhost answered 410 Gone: the download URL has expired" },
        { "localhost", "/huge", $"Result download: localhost sends more than Results:MaxBytes ({AmpersandSetup.MaxBytes} bytes) allows: raise Results:MaxBytes to take this result." },
        { "localhost", "/object", "Result download: the document from localhost is a JSON object, not an array of records: it must be a JSON array of records, as result holds." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Url_that_cannot_be_fetched_parks_the_message_with_the_reason_and_never_reaches_a_host_not_listed(string host, string path, string reason)
    {
        var id = $"refused-{Guid.NewGuid():N}";
        var server = host == "localhost" ? fixture.Listed : fixture.NotListed;
        var data = Data.Replace("TYPE", "url", StringComparison.Ordinal)
            .Replace("URL", server.Url(host, $"{path}?{AmpersandSetup.Signature}"), StringComparison.Ordinal)
            .Replace("RESULT", "[]", StringComparison.Ordinal);

        await Publish(data, id);
        var failed = await fixture.Broker.TakeAsync($"{fixture.ReadQueue}_error");

        var said = Broker.Header(failed, "MT-Fault-Message");
        Assert.StartsWith(reason, said, StringComparison.Ordinal);
        Assert.DoesNotContain("SENTINEL", said, StringComparison.Ordinal);
        Assert.Equal((id, Message(data)), (failed.BasicProperties.MessageId, Encoding.UTF8.GetString(failed.Body.Span)));
        Assert.Equal(0, fixture.NotListed.Requests);
    }

    private static string Message(string data) => "{\"data\": " + data + "}";

    private Task Publish(string data, string id) =>
        fixture.Broker.PublishRawAsync(fixture.ReadQueue, Encoding.UTF8.GetBytes(Message(data)),
            new Dictionary<string, string> { ["destination"] = "lake", ["connection-id"] = "conn-1" }, messageId: id);
}
