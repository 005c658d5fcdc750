using System.Text;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>
/// Messages as Ampersand's RabbitMQ destination publishes them: to an exchange bound to the worker's queue, with no
/// header of this worker's, routed by the manifest (hubspot's contacts go to <c>crm</c>) or by Routing:Default
/// (<c>lake</c>).
/// </summary>
[Collection(RealServices.Name)]
[Trait("Category", "Process")]
public sealed class AmpersandDestinationTests(AmpersandSetup setup) : IClassFixture<AmpersandSetup>, IAsyncLifetime
{
    // The source document's read example without its wrapper, as Ampersand's webhook schema has it; OBJECT,
    // RESULTINFO and RESULT vary by test.
    private const string Body = """{"action": "read", "projectId": "9482e676-4874-43a4-beea-fa8081d13a07", "provider": "hubspot", "groupRef": "group-id-1", "groupName": "group-name-1", "installationId": "085353b1-07f1-4209-b471-7e028c0a68c8", "objectName": "OBJECT", "operationId": "0199e0a8-149d-7ee9-9f50-0514403517f9", "operationTime": "2025-10-14T02:58:59.323405308Z", "resultInfo": RESULTINFO, "result": RESULT}""";

    private const string RoutingKey = "s3consumer.read";

    private readonly string exchange = $"ampersand-{Guid.NewGuid():N}";

    public Task InitializeAsync() => setup.Broker.BindAsync(exchange, setup.ReadQueue, RoutingKey);

    public Task DisposeAsync() => setup.Broker.DeleteExchangeAsync(exchange);

    [Theory]
    [InlineData("contacts", "crm")]
    [InlineData("deals", "lake")]
    public async Task Message_that_names_no_destination_goes_where_the_manifest_or_the_default_sends_it(string objectName, string destination)
    {
        var id = $"routed-{Guid.NewGuid():N}";
        var data = Body.Replace("OBJECT", objectName, StringComparison.Ordinal).Replace("RESULTINFO", """{"type": "inline", "numRecords": 1}""", StringComparison.Ordinal)
            .Replace("RESULT", AmpersandSetup.Records[..^1] + "]", StringComparison.Ordinal);

        await setup.Broker.PublishToExchangeAsync(exchange, RoutingKey, Encoding.UTF8.GetBytes("{\"data\": " + data + "}"), id);
        var stored = await setup.Bucket.WaitForObjectAsync(Key(id));

        Assert.Equal("{\"data\":" + data + "}", Encoding.UTF8.GetString(stored.Body));
        AssertMetadata(stored, id, objectName, destination);
    }

    [Fact]
    public async Task Header_and_body_that_name_different_destinations_park_the_message()
    {
        var id = $"conflict-{Guid.NewGuid():N}";
        var body = "{\"destination\": \"crm\", \"data\": " + Body.Replace("OBJECT", "contacts", StringComparison.Ordinal)
            .Replace("RESULTINFO", "null", StringComparison.Ordinal).Replace("RESULT", "[]", StringComparison.Ordinal) + "}";

        await setup.Broker.PublishRawAsync(setup.ReadQueue, Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["destination"] = "lake" }, messageId: id);
        var failed = await setup.Broker.TakeAsync($"{setup.ReadQueue}_error");
        while (failed.BasicProperties.MessageId != id)
        {
            // Another test's message that failed (the webhook-shape ones, on a branch that cannot read that shape yet).
            failed = await setup.Broker.TakeAsync($"{setup.ReadQueue}_error");
        }

        Assert.Equal(
            "Ambiguous message: the 'destination' header names 'lake' but the body's destination field names 'crm': send one of them, or make them agree.",
            Broker.Header(failed, "MT-Fault-Message"));
        Assert.Equal((id, body), (failed.BasicProperties.MessageId, Encoding.UTF8.GetString(failed.Body.Span)));
    }

    [Theory]
    [Trait("Needs", "webhook-shape")]
    [InlineData("contacts", "crm", "inline")]
    [InlineData("deals", "lake", "inline")]
    [InlineData("contacts", "crm", "url")]
    [InlineData("deals", "lake", "url")]
    public async Task Webhook_shaped_message_is_written_as_data_with_its_records(string objectName, string destination, string type)
    {
        var id = $"webhook-{Guid.NewGuid():N}";
        var body = Body.Replace("OBJECT", objectName, StringComparison.Ordinal).Replace("RESULTINFO", type == "url"
            ? $$"""{"type": "url", "downloadUrl": "{{setup.Listed.Url("localhost", $"/records?{AmpersandSetup.Signature}")}}", "numRecords": 2}"""
            : """{"type": "inline", "numRecords": 2}""", StringComparison.Ordinal);

        await setup.Broker.PublishToExchangeAsync(exchange, RoutingKey,
            Encoding.UTF8.GetBytes(body.Replace("RESULT", type == "url" ? "[]" : AmpersandSetup.Records, StringComparison.Ordinal)), id);
        var stored = await setup.Bucket.WaitForObjectAsync(Key(id));

        Assert.Equal("{\"data\":" + body.Replace("RESULT", AmpersandSetup.Records, StringComparison.Ordinal) + "}", Encoding.UTF8.GetString(stored.Body));
        AssertMetadata(stored, id, objectName, destination);
    }

    private static string Key(string id) => $"2025-10-14T02:58:59.323405308Z_{id}.json";

    // Ampersand sends no connection-id header, so eight of the nine fields have a value.
    private void AssertMetadata(StoredObject stored, string id, string objectName, string destination) =>
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["x-amz-meta-projectid"] = "9482e676-4874-43a4-beea-fa8081d13a07", ["x-amz-meta-installationid"] = "085353b1-07f1-4209-b471-7e028c0a68c8",
                ["x-amz-meta-destinationid"] = destination, ["x-amz-meta-operationid"] = "0199e0a8-149d-7ee9-9f50-0514403517f9",
                ["x-amz-meta-objectname"] = objectName, ["x-amz-meta-event-id"] = id, ["x-amz-meta-timestamp"] = "2025-10-14T02:58:59.323405308Z",
                ["x-amz-meta-topic"] = setup.ReadQueue,
            }.OrderBy(field => field.Key),
            stored.Metadata.OrderBy(field => field.Key));
}
