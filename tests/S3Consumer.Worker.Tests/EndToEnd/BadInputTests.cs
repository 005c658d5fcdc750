using System.Text;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>Each bad input of interface.md section 6 goes straight to its error queue with a reason; the worker goes on.</summary>
[Collection(RealServices.Name)]
public sealed class BadInputTests : IAsyncLifetime
{
    private S3Bucket bucket = null!;
    private Broker broker = null!;
    private WorkerHost worker = null!;

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, destination header, body, what the reason says
        { "unknown destination", "nowhere", Read, "Destination 'nowhere' is not configured (configured: " },
        { "no destination", "", Read, "unknown destination: the message names no destination: set the 'destination' header" },
        { "malformed JSON", "lake", "{\"data\": {\"action\": \"read\",", "The body is not valid JSON" },
        { "header field of the wrong type", "lake", "{\"data\": {\"action\": \"read\", \"projectId\": 7}}", "The body's $.data.projectId has the wrong type" },
        { "records that are not a list", "lake", "{\"data\": {\"action\": \"read\", \"result\": {\"fields\": {}}}}", "The body's $.data.result has the wrong type" },
        { "missing data", "lake", "{\"payload\": {\"action\": \"read\"}}", "The message has no 'data' object" },
        { "missing action", "lake", "{\"data\": {\"operationTime\": \"2025-10-14T02:58:59Z\"}}", "data.action is missing: set it to 'read'." },
        { "action of the other queue", "lake", Subscribe, "data.action is 'subscribe', but queue '" },
        { "template yields no key", "no-key", Read, "Destination 'no-key': object key template data.noSuchField produced null" },
        { "S3 refuses the credentials", "locked", Read, "with InvalidAccessKeyId (403, request " },
        { "bucket does not exist", "gone", Read, "S3 refused no-such-bucket-anywhere/2025-10-14T02:58:59.323405308Z_bad-1.json with NoSuchBucket (404, request " },
    };

    private static string Read => Encoding.UTF8.GetString(Examples.ReadBody);

    private static string Subscribe => Encoding.UTF8.GetString(Examples.SubscribeBody);

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        broker = await Broker.ConnectAsync();
        worker = await WorkerHost.StartAsync(
            bucket.Name,
            [.. WorkerHost.Destination("no-key", bucket.Name).Select(Setting),
             ("Destinations:no-key:ObjectKeyTemplate", "data.noSuchField"),
             .. WorkerHost.Destination("locked", bucket.Name).Select(Setting),
             ("Destinations:locked:AccessKeyId", "NOT-S3RVER"),
             .. WorkerHost.Destination("gone", "no-such-bucket-anywhere").Select(Setting)]);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        await broker.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_lands_in_the_error_queue_with_its_reason_and_the_next_good_message_is_written(
        string name, string destination, string body, string reason)
    {
        var headers = new Dictionary<string, string> { ["destination"] = destination, ["case"] = name };
        await broker.PublishRawAsync(worker.ReadQueue, Encoding.UTF8.GetBytes(body), headers, messageId: "bad-1");
        await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "good-1");

        var failed = await broker.TakeAsync($"{worker.ReadQueue}_error");
        await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_good-1.json");

        Assert.Contains(reason, Broker.Header(failed, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal(body, Encoding.UTF8.GetString(failed.Body.Span));
        Assert.Equal((name, destination, "bad-1"), (Broker.Header(failed, "case"), Broker.Header(failed, "destination"), failed.BasicProperties.MessageId));
        Assert.Equal(0u, await broker.CountAsync($"{worker.ReadQueue}_error"));
    }

    private static (string, string) Setting(KeyValuePair<string, string?> setting) => (setting.Key, setting.Value!);
}
