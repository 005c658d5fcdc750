using System.Text;
using RabbitMQ.Client;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>
/// Messages as real publishers send them (a Node or Python AMQP client: headers of every AMQP type, timestamps in
/// milliseconds, JSON and RFC 3339 as their RFCs allow, Ampersand's webhook shape), published raw through RabbitMQ
/// and read back from S3, or from the error queue with their reason.
/// </summary>
[Collection(RealServices.Name)]
public sealed class PublisherVariationsTests : IAsyncLifetime
{
    private const string Time = "2025-10-14T02:58:59.323405308Z";
    private S3Bucket bucket = null!;
    private Broker broker = null!;
    private WorkerHost worker = null!;

    public static TheoryData<string, byte[], Dictionary<string, object?>, string> Refused => new()
    {
        // name, body, headers besides destination, the reason's start
        { "invalid UTF-8", [.. "{\"data\": {\"action\": \"read\", \"name\": \""u8, 0xC3, 0x28, .. "\"}}"u8], [], "Invalid JSON: the body is not UTF-8 text (byte 38 of 42, 0xC3" },
        { "data and Data", Body("{\"data\": {\"action\": \"read\"}, \"Data\": {\"action\": \"read\"}}"), [], "Ambiguous message: The body gives 'data' twice ('data' and 'Data')" },
        { "data twice", Body("{\"data\": {\"action\": \"read\"}, \"data\": {\"action\": \"subscribe\"}}"), [], "Ambiguous message: The body gives 'data' twice ('data' and 'data')" },
        { "a table header", Body($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{Time}\"}}}}"), new() { ["topic"] = new Dictionary<string, object?> { ["a"] = 1 } }, "Bad header: the 'topic' header holds a table or a list, not text: send it as a string." },
        { "a header that is not UTF-8", Body($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{Time}\"}}}}"), new() { ["event-id"] = new byte[] { 0xFF } }, "Bad header: the 'event-id' header holds bytes that are not UTF-8 text" },
        { "nested 600 levels", Body($"{{\"data\": {{\"action\": \"read\", \"deep\": {new string('[', 600)}{new string(']', 600)}}}}}"), [], "Invalid JSON: the body nests objects and lists more than 512 levels deep" },
    };

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        broker = await Broker.ConnectAsync();
        worker = await WorkerHost.StartAsync(
            bucket.Name,
            [.. WorkerHost.Destination("numbers", bucket.Name).Select(setting => (setting.Key, setting.Value!)),
             ("Destinations:numbers:ObjectKeyTemplate", "join('_', [to_string(data.result[0].fields.n), metadata.\"event-id\"])"),
             .. WorkerHost.Destination("whole", bucket.Name).Select(setting => (setting.Key, setting.Value!)),
             ("Destinations:whole:ObjectKeyTemplate", "data")]);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        await broker.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task Headers_of_every_amqp_type_are_read_as_their_text()
    {
        var body = Body($"{{\"data\": {{\"action\": \"read\", \"projectId\": \"p\", \"operationTime\": \"{Time}\"}}}}");
        await broker.PublishAsync(worker.ReadQueue, body, new Dictionary<string, object?>
        {
            ["destination"] = "lake"u8.ToArray(),
            ["event-id"] = 9_007_199_254_740_993L,
            ["connection-id"] = 7,
            ["topic"] = 12.50m,
            ["timestamp"] = new AmqpTimestamp(1_760_410_739),
        });
        await broker.PublishAsync(worker.ReadQueue, body, new Dictionary<string, object?>
        {
            ["destination"] = "lake"u8.ToArray(),
            ["event-id"] = (sbyte)-5,
            ["connection-id"] = 1.5,
            ["topic"] = true,
        });

        var first = await bucket.WaitForObjectAsync($"{Time}_9007199254740993.json");
        var second = await bucket.WaitForObjectAsync($"{Time}_-5.json");

        Assert.Equal(Framed(body), first.Body);
        Assert.Equal(
            [("x-amz-meta-connectionid", "7"), ("x-amz-meta-event-id", "9007199254740993"), ("x-amz-meta-timestamp", Time), ("x-amz-meta-topic", "12.50")],
            Metadata(first, "connectionid", "event-id", "timestamp", "topic"));
        Assert.Equal(
            [("x-amz-meta-connectionid", "1.5"), ("x-amz-meta-event-id", "-5"), ("x-amz-meta-timestamp", Time), ("x-amz-meta-topic", "true")],
            Metadata(second, "connectionid", "event-id", "timestamp", "topic"));
    }

    [Fact]
    public async Task Timestamp_headers_in_each_form_ampersand_and_amqp_clients_send_give_the_time_of_a_message_without_operation_time()
    {
        var untimed = Body("{\"data\": {\"action\": \"read\"}}");
        (string EventId, Dictionary<string, object?> Headers, string Time)[] sent =
        [
            ("unix-text", new() { ["timestamp"] = "1760410739"u8.ToArray() }, "2025-10-14T02:58:59Z"),
            ("unix-number", new() { ["timestamp"] = 1_760_410_739L }, "2025-10-14T02:58:59Z"),
            ("rfc3339", new() { ["timestamp"] = "2025-10-14T02:58:59Z"u8.ToArray() }, "2025-10-14T02:58:59Z"),
            ("amqp-timestamp", new() { ["timestamp"] = new AmqpTimestamp(1_760_410_739) }, "2025-10-14T02:58:59Z"),
            ("ms-text", new() { ["timestamp-ms"] = "1760410739323"u8.ToArray(), ["timestamp"] = "1760410801"u8.ToArray() }, "2025-10-14T02:58:59.323Z"),
            ("ms-number", new() { ["timestamp-ms"] = 1_760_410_739_323L }, "2025-10-14T02:58:59.323Z"),
        ];
        foreach (var (eventId, headers, _) in sent)
        {
            headers["destination"] = "lake"u8.ToArray();
            headers["event-id"] = Encoding.UTF8.GetBytes(eventId);
            await broker.PublishAsync(worker.ReadQueue, untimed, headers, timestamp: new AmqpTimestamp(1_000_000_000));
        }

        foreach (var (eventId, _, time) in sent)
        {
            var stored = await bucket.WaitForObjectAsync($"{time}_{eventId}.json");
            Assert.Equal([("x-amz-meta-timestamp", time)], Metadata(stored, "timestamp"));
        }
    }

    [Fact]
    public async Task The_amqp_timestamp_in_milliseconds_is_used_only_when_the_message_has_no_time()
    {
        var timed = Body($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{Time}\"}}}}");
        var untimed = Body("{\"data\": {\"action\": \"read\"}}");
        var milliseconds = new AmqpTimestamp(1_760_410_739_323);
        await broker.PublishAsync(worker.ReadQueue, timed, Destination("lake"), messageId: "timed", timestamp: milliseconds);
        await broker.PublishAsync(worker.ReadQueue, untimed, Destination("lake"), messageId: "untimed", timestamp: milliseconds);
        await broker.PublishAsync(worker.ReadQueue, untimed, Destination("lake"), messageId: "seconds", timestamp: new AmqpTimestamp(1_760_410_739));

        Assert.Equal(Framed(timed), (await bucket.WaitForObjectAsync($"{Time}_timed.json")).Body);
        var fromMilliseconds = await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323Z_untimed.json");
        var fromSeconds = await bucket.WaitForObjectAsync("2025-10-14T02:58:59Z_seconds.json");

        Assert.Equal([("x-amz-meta-timestamp", "2025-10-14T02:58:59.323Z")], Metadata(fromMilliseconds, "timestamp"));
        Assert.Equal([("x-amz-meta-timestamp", "2025-10-14T02:58:59Z")], Metadata(fromSeconds, "timestamp"));
    }

    [Theory]
    [InlineData("2025-10-14t04:58:59.3234053089999+02:00", "2025-10-14T02:58:59.323405308Z")]
    [InlineData("2025-10-13T21:28:59.5-05:30", "2025-10-14T02:58:59.5Z")]
    [InlineData("2025-10-14T02:58:59z", "2025-10-14T02:58:59Z")]
    public async Task Rfc3339_as_the_rfc_allows_it(string timestamp, string rfc3339Nano)
    {
        var body = Body($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{timestamp}\"}}}}");
        await broker.PublishAsync(worker.ReadQueue, body, Destination("lake"), messageId: "rfc");

        var stored = await bucket.WaitForObjectAsync($"{rfc3339Nano}_rfc.json");

        Assert.Equal(Framed(body), stored.Body);
        Assert.Equal([("x-amz-meta-timestamp", timestamp)], Metadata(stored, "timestamp"));
    }

    [Theory]
    [InlineData("1e300", "1E+300")]
    [InlineData("1e400", "1e400")]
    [InlineData("-0", "0")]
    [InlineData("12345678901234567890123", "12345678901234567890123")]
    public async Task Any_json_number_is_written_as_sent_and_seen_by_templates(string number, string printed)
    {
        var body = Body($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{Time}\", \"result\": [{{\"fields\": {{\"n\": {number}}}}}]}}}}");
        await broker.PublishAsync(worker.ReadQueue, body, Destination("numbers"), messageId: "n");

        var stored = await bucket.WaitForObjectAsync($"{printed}_n");

        Assert.Equal(Framed(body), stored.Body);
    }

    [Fact]
    public async Task Deep_nesting_and_any_utf8_text_are_written_byte_for_byte()
    {
        var body = Body($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{Time}\", \"name\": \"Zoë 日本 😀 \\ud83d\\ude00\", \"deep\": {new string('[', 300)}1{new string(']', 300)}}}}}");
        await broker.PublishAsync(worker.ReadQueue, body, Destination("lake"), messageId: "deep");

        Assert.Equal(Framed(body), (await bucket.WaitForObjectAsync($"{Time}_deep.json")).Body);
    }

    [Fact]
    public async Task A_webhook_shaped_body_is_written_as_its_data_with_its_fields_as_metadata()
    {
        var body = Body("{\"action\": \"read\", \"projectId\": \"p-1\", \"provider\": \"hubspot\", \"groupRef\": \"g-1\", \"groupName\": \"Group\", " +
                        "\"installationId\": \"i-1\", \"objectName\": \"contacts\", \"resultInfo\": {\"type\": \"inline\", \"numRecords\": 1}, " +
                        "\"result\": [{\"fields\": {\"id\": \"1\"}, \"raw\": {\"id\": 1}}]}");
        await broker.PublishAsync(worker.ReadQueue, body, Destination("lake"), messageId: "hook", timestamp: new AmqpTimestamp(1_760_410_739_323));

        var stored = await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323Z_hook.json");

        Assert.Equal(Framed(body), stored.Body);
        Assert.Equal(
            [("x-amz-meta-destinationid", "lake"), ("x-amz-meta-event-id", "hook"), ("x-amz-meta-installationid", "i-1"), ("x-amz-meta-objectname", "contacts"),
             ("x-amz-meta-projectid", "p-1"), ("x-amz-meta-timestamp", "2025-10-14T02:58:59.323Z"), ("x-amz-meta-topic", worker.ReadQueue)],
            stored.Metadata.OrderBy(field => field.Key, StringComparer.Ordinal).Select(field => (field.Key, field.Value)));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_message_that_cannot_be_read_is_parked_with_its_reason(string name, byte[] body, Dictionary<string, object?> headers, string reason)
    {
        headers["destination"] = "lake"u8.ToArray();
        headers["case"] = Encoding.UTF8.GetBytes(name);
        await broker.PublishAsync(worker.ReadQueue, body, headers, messageId: "bad");

        var failed = await broker.TakeAsync($"{worker.ReadQueue}_error");

        Assert.StartsWith(reason, Broker.Header(failed, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal(body, failed.Body.ToArray());
        Assert.Equal(name, Broker.Header(failed, "case"));
    }

    [Fact]
    public async Task A_reason_never_carries_the_payload()
    {
        var secret = new string('s', 20_000);
        var body = Body($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{Time}\", \"secret\": \"{secret}\"}}}}");
        await broker.PublishAsync(worker.ReadQueue, body, Destination("whole"), messageId: "whole");

        var reason = Broker.Header(await broker.TakeAsync($"{worker.ReadQueue}_error"), "MT-Fault-Message");

        Assert.StartsWith("Object key: Destination 'whole': object key template data produced {\"action\":\"read\"", reason, StringComparison.Ordinal);
        Assert.True(reason.Length < 700, $"{reason.Length} characters: {reason}");
        Assert.DoesNotContain(new string('s', 200), reason, StringComparison.Ordinal);
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    // The object a body becomes: `{"data":` and `}` around its data's bytes, or around a webhook-shaped body whole.
    private static byte[] Framed(byte[] body) =>
        body.AsSpan().StartsWith("{\"data\": "u8)
            ? [.. "{\"data\":"u8, .. body.AsSpan(9, body.Length - 10), .. "}"u8]
            : [.. "{\"data\":"u8, .. body, .. "}"u8];

    private static Dictionary<string, object?> Destination(string name) => new() { ["destination"] = Encoding.UTF8.GetBytes(name) };

    private static (string, string)[] Metadata(StoredObject stored, params string[] names) =>
        [.. names.Select(name => ($"x-amz-meta-{name}", stored.Metadata.TryGetValue($"x-amz-meta-{name}", out var value) ? value : "(absent)"))];
}
