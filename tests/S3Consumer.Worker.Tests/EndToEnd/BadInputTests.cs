namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>
/// Each bad input of README.md's "When things go wrong" (unknown destination, bad template result, malformed or
/// incomplete message, S3 refusing for good) goes straight to its error queue with a reason; the worker goes on.
/// </summary>
[Collection(RealServices.Name)]
public sealed class BadInputTests : IAsyncLifetime
{
    private TestBed bed = null!;
    private WorkerHost worker = null!;

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, destination header, body, what the reason says
        { "unknown destination", "nowhere", Read, "Unknown destination: Destination 'nowhere' is not configured (configured: " },
        { "no destination", "", Read, "Unknown destination: The message names no destination: set the 'destination' header" },
        { "malformed JSON", "lake", "{\"data\": {\"action\": \"read\",", "Invalid JSON: the body is not JSON near line 1, byte " },
        { "header field of the wrong type", "lake", "{\"data\": {\"action\": \"read\", \"projectId\": 7}}", "Wrong type: $.data.projectId is a number; send ids, names, times and event types as JSON strings." },
        { "records that are not a list", "lake", "{\"data\": {\"action\": \"read\", \"result\": {\"fields\": {}}}}", "Wrong type: $.data.result is an object; send the records as a JSON list" },
        { "missing data", "lake", "{\"payload\": {\"action\": \"read\"}}", "Missing field: the message has no 'data' object" },
        { "missing action", "lake", "{\"data\": {\"operationTime\": \"2025-10-14T02:58:59Z\"}}", "Missing field: data.action is missing: set it to 'read'." },
        { "action of the other queue", "lake", Subscribe, "Wrong queue: data.action is 'subscribe', but queue '" },
        { "template yields no key", "no-key", Read, "Object key: Destination 'no-key': object key template data.noSuchField produced null" },
    };

    private static string Read => Encoding.UTF8.GetString(Examples.ReadBody);

    private static string Subscribe => Encoding.UTF8.GetString(Examples.SubscribeBody);

    public async Task InitializeAsync()
    {
        bed = await TestBed.CreateAsync();
        bed.WithDestination("no-key", bed.Bucket.Name).With(("Destinations:no-key:ObjectKeyTemplate", "data.noSuchField"));
        worker = await WorkerHost.StartAsync(bed.Settings);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_lands_in_the_error_queue_with_its_reason_and_the_next_good_message_is_written(
        string name, string destination, string body, string reason)
    {
        var headers = new Dictionary<string, string> { ["destination"] = destination, ["case"] = name };
        await bed.Broker.PublishRawAsync(worker.ReadQueue, Encoding.UTF8.GetBytes(body), headers, messageId: "bad-1");
        await bed.Broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "good-1");

        var failed = await bed.Broker.TakeAsync($"{worker.ReadQueue}_error");
        await bed.Bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_good-1.json");

        Assert.Contains(reason, Broker.Header(failed, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal(body, Encoding.UTF8.GetString(failed.Body.Span));
        Assert.Equal((name, destination, "bad-1"), (Broker.Header(failed, "case"), Broker.Header(failed, "destination"), failed.BasicProperties.MessageId));
        Assert.Equal(0u, await bed.Broker.CountAsync($"{worker.ReadQueue}_error"));
    }
}
