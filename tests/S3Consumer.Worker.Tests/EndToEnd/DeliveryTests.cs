using System.Text.Json.Nodes;
using S3Consumer.Contracts;

namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>
/// The example messages (contracts/examples), published typed and raw as README.md's "Publishing" shows, read back
/// from S3 with a real client and checked against "The object". On a virtual host of their own, so that the typed ones
/// reach this worker alone.
/// </summary>
[Collection(RealServices.Name)]
public sealed class DeliveryTests : IAsyncLifetime
{
    private const string ReadKey = "2025-10-14T02:58:59.323405308Z_0199e0a8-149d-7ee9-9f50-0514403517f9.json";
    private TestBed bed = null!;
    private WorkerHost worker = null!;

    public async Task InitializeAsync()
    {
        bed = (await TestBed.CreateAsync(ownVirtualHost: true)).With([("Destinations:lake:StorageClass", "STANDARD_IA"), .. WorkerHost.InOrder]);
        worker = await WorkerHost.StartAsync(bed.Settings);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task Typed_read_message_becomes_one_object_with_body_key_metadata_and_storage_class()
    {
        await TypedPublisher.PublishAsync(Examples.Typed<ReadActionMessage>(Examples.ReadBody, "lake"), new Dictionary<string, string> { ["event-id"] = "0199e0a8-149d-7ee9-9f50-0514403517f9", ["connection-id"] = "conn-typed" }, bed.VirtualHost);

        var stored = await bed.Bucket.WaitForObjectAsync(ReadKey);

        AssertBodyIs(Examples.ReadBody, stored, "\"operationTime\": \"2025-10-14T02:58:59.323405308Z\"");
        AssertMetadata(stored, "0199e0a8-149d-7ee9-9f50-0514403517f9", "2025-10-14T02:58:59.323405308Z", worker.ReadQueue,
            ("projectid", "9482e676-4874-43a4-beea-fa8081d13a07"), ("installationid", "085353b1-07f1-4209-b471-7e028c0a68c8"),
            ("operationid", "0199e0a8-149d-7ee9-9f50-0514403517f9"), ("objectname", "contacts"), ("connectionid", "conn-typed"));
    }

    [Fact]
    public async Task Typed_subscribe_message_becomes_one_object()
    {
        await TypedPublisher.PublishAsync(Examples.Typed<SubscribeActionMessage>(Examples.SubscribeBody, "lake"), new Dictionary<string, string> { ["event-id"] = "sub-typed-1", ["connection-id"] = "conn-typed" }, bed.VirtualHost);

        var stored = await bed.Bucket.WaitForObjectAsync("2025-04-10T23:22:25Z_sub-typed-1.json");

        AssertBodyIs(Examples.SubscribeBody, stored, "\"LastModifiedDate\": \"2025-04-10T23:22:25.000Z\"");
        AssertMetadata(stored, "sub-typed-1", "2025-04-10T23:22:25.000Z", worker.SubscribeQueue,
            ("projectid", "9482e676-4874-43a4-beea-fa8081d13a07"), ("installationid", "0c9230e1-8fbe-4b28-bf10-2beee8fbf4ce"),
            ("objectname", "company"), ("connectionid", "conn-typed"));
    }

    [Fact]
    public async Task Typed_message_with_fields_its_contract_does_not_name_is_written_with_them()
    {
        // Ampersand's resultInfo and fields of tomorrow, in the payload and in a record: kept in AdditionalFields, and
        // written by MassTransit into an envelope the worker reads (once a nameless object no reader took).
        var body = JsonNode.Parse(Examples.ReadBody)!;
        body["data"]!["resultInfo"] = new JsonObject { ["type"] = "inline", ["numRecords"] = 1 };
        body["data"]!["result"]![0]!["recordVersion"] = 7;
        var sent = Encoding.UTF8.GetBytes(body.ToJsonString());
        await TypedPublisher.PublishAsync(Examples.Typed<ReadActionMessage>(sent, "lake"), new Dictionary<string, string> { ["event-id"] = "typed-unknown-fields" }, bed.VirtualHost);

        var stored = await bed.Bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_typed-unknown-fields.json");

        AssertBodyIs(sent, stored, "\"recordVersion\":7");
    }

    [Fact]
    public async Task Raw_read_message_with_headers_becomes_one_object_with_its_bytes_intact()
    {
        await bed.Broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody,
            new Dictionary<string, string> { ["destination"] = "lake", ["connection-id"] = "conn-raw", ["topic"] = "hubspot-contacts" },
            messageId: "0199e0a8-149d-7ee9-9f50-0514403517f9");

        var stored = await bed.Bucket.WaitForObjectAsync(ReadKey);

        AssertBodyIs(Examples.ReadBody, stored, "\"operationTime\": \"2025-10-14T02:58:59.323405308Z\"");
        AssertMetadata(stored, "0199e0a8-149d-7ee9-9f50-0514403517f9", "2025-10-14T02:58:59.323405308Z", "hubspot-contacts",
            ("projectid", "9482e676-4874-43a4-beea-fa8081d13a07"), ("installationid", "085353b1-07f1-4209-b471-7e028c0a68c8"),
            ("operationid", "0199e0a8-149d-7ee9-9f50-0514403517f9"), ("objectname", "contacts"), ("connectionid", "conn-raw"));
    }

    [Fact]
    public async Task Raw_subscribe_message_without_content_type_or_ids_gets_a_body_derived_event_id_and_its_operation_time()
    {
        // A timestamp header is the time of a delivery attempt: the payload's operationTime comes first, so a retry keeps the key.
        await bed.Broker.PublishRawAsync(worker.SubscribeQueue, Examples.SubscribeBody,
            new Dictionary<string, string> { ["destination"] = "lake", ["timestamp"] = "2025-04-10T23:22:26.5Z" }, contentType: null);

        var eventId = Core.Objects.EventIdentity.FromBody(Examples.SubscribeBody).ToString();
        var stored = await bed.Bucket.WaitForObjectAsync($"2025-04-10T23:22:25Z_{eventId}.json");

        AssertBodyIs(Examples.SubscribeBody, stored, "\"operationTime\": \"2025-04-10T23:22:25.000Z\"");
        AssertMetadata(stored, eventId, "2025-04-10T23:22:25.000Z", worker.SubscribeQueue,
            ("projectid", "9482e676-4874-43a4-beea-fa8081d13a07"), ("installationid", "0c9230e1-8fbe-4b28-bf10-2beee8fbf4ce"),
            ("objectname", "company"));
    }

    [Fact]
    public async Task Same_message_delivered_twice_is_one_object()
    {
        var headers = new Dictionary<string, string> { ["destination"] = "lake" };
        await bed.Broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, headers, messageId: "twice-1");
        await bed.Broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, headers, messageId: "twice-1");
        await bed.Broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, headers, messageId: "after-twice");

        // In order, one at a time: when the last object is there, both deliveries of the first were handled.
        await bed.Bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_after-twice.json");

        Assert.Equal(
            ["2025-10-14T02:58:59.323405308Z_after-twice.json", "2025-10-14T02:58:59.323405308Z_twice-1.json"],
            (await bed.Bucket.KeysAsync()).Order());
    }

    [Theory]
    [InlineData(50)]
    [InlineData(100)] // over RabbitMQ.Client's default limit of 64 MiB
    public async Task Large_message_is_written_whole(int megabytes)
    {
        var body = LargeMessage(megabytes * 1024 * 1024);
        await bed.Broker.PublishRawAsync(worker.ReadQueue, body, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: $"large-{megabytes}");

        var stored = await bed.Bucket.WaitForObjectAsync($"2025-10-14T02:58:59.323405308Z_large-{megabytes}.json", TimeSpan.FromSeconds(120));

        Assert.Equal(body.Length, stored.Body.Length);
        Assert.True(body.AsSpan().SequenceEqual(stored.Body), "The stored body differs from the message sent.");
    }

    internal static byte[] LargeMessage(int atLeastBytes)
    {
        var note = new string('x', 1000);
        var records = new StringBuilder();
        for (var i = 0; records.Length < atLeastBytes; i++)
        {
            records.Append(records.Length == 0 ? "" : ",")
                .Append("{\"fields\":{\"id\":\"").Append(i).Append("\",\"note\":\"").Append(note)
                .Append("\"},\"raw\":{\"id\":\"").Append(i).Append("\"}}");
        }

        return Encoding.UTF8.GetBytes(
            "{\"data\":{\"action\":\"read\",\"projectId\":\"p\",\"objectName\":\"contacts\"," +
            "\"operationTime\":\"2025-10-14T02:58:59.323405308Z\",\"result\":[" + records + "]}}");
    }

    private static void AssertBodyIs(byte[] sent, StoredObject stored, string exactText)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(sent), JsonNode.Parse(stored.Body)), Encoding.UTF8.GetString(stored.Body));
        Assert.Contains(exactText.Replace(" ", "", StringComparison.Ordinal), Encoding.UTF8.GetString(stored.Body).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("application/json", stored.ContentType);
        Assert.Equal("STANDARD_IA", stored.StorageClass);
    }

    private static void AssertMetadata(StoredObject stored, string eventId, string timestamp, string topic, params (string Name, string Value)[] fields)
    {
        (string Name, string Value)[] always = [("destinationid", "lake"), ("event-id", eventId), ("timestamp", timestamp), ("topic", topic)];
        var expected = fields.Concat(always).ToDictionary(field => $"x-amz-meta-{field.Name}", field => field.Value);
        Assert.Equal(expected.OrderBy(field => field.Key), stored.Metadata.OrderBy(field => field.Key));
    }
}
