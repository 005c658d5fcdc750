using System.Text;
using RabbitMQ.Client;
using S3Consumer.Tool;
using S3Consumer.Tool.Errors;
using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>
/// 1,000 good messages with 100 bad ones of every kind among them: exactly the bad ones end in the error queue,
/// each with its reason; once the configuration is fixed, moving the error queue back brings the fixable ones home.
/// </summary>
[Collection(RealServices.Name)]
[Trait("Category", "Fault")]
public sealed class PoisonMixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Time = "2025-10-14T02:58:59.323405308Z";

    private static readonly (string Kind, string Destination, string Body, string Reason, bool Fixable)[] BadKinds =
    [
        ("unknown destination", "late", Read, "Destination 'late' is not configured", true),
        ("template yields no key", "strict", Read, "object key template data.customerRef produced null", true),
        ("bucket does not exist", "gone", Read, "with NoSuchBucket (404", true),
        ("malformed JSON", "lake", "{\"data\": [", "The body is not valid JSON", false),
        ("incomplete", "lake", "{\"data\": {\"objectName\": \"contacts\"}}", "data.action is missing", false),
    ];

    private S3Bucket lake = null!;
    private S3Bucket gone = null!;
    private Dictionary<string, string?> settings = null!;

    private static string Read => Encoding.UTF8.GetString(Examples.ReadBody);

    private string ReadQueue => settings["Queues:Read"]!;

    public async Task InitializeAsync()
    {
        (lake, gone) = (await S3Bucket.CreateAsync(), await S3Bucket.CreateAsync());
        await gone.Client.DeleteBucketAsync(gone.Name);
        settings = WorkerHost.Settings(lake.Name,
        [
            .. WorkerHost.Destination("strict", lake.Name).Select(setting => (setting.Key, setting.Value!)),
            ("Destinations:strict:ObjectKeyTemplate", "data.customerRef"),
            .. WorkerHost.Destination("gone", gone.Name).Select(setting => (setting.Key, setting.Value!)),
        ]);
    }

    public async Task DisposeAsync()
    {
        await using (var broker = await Broker.ConnectAsync())
        {
            await broker.DeleteQueuesAsync(ReadQueue, settings["Queues:Subscribe"]!);
        }

        await lake.DisposeAsync();
        await gone.DisposeAsync();
    }

    [Fact]
    public async Task Exactly_the_bad_messages_land_in_the_error_queue_and_the_fixable_ones_come_home_after_the_fix()
    {
        await using var broker = await Broker.ConnectAsync();
        await using var connection = await new ConnectionFactory { HostName = TestServices.RabbitHost }.CreateConnectionAsync();
        var errors = new ErrorQueueClient(connection, $"{ReadQueue}_error");

        await using (await WorkerHost.StartAsync(settings))
        {
            await PublishMixAsync(broker);
            await WaitAsync(async () => (await lake.KeysAsync()).Count >= 1000 && await broker.CountAsync(errors.Name) >= 100);

            var failed = await errors.ListAsync(limit: 1000);
            Assert.Equal(100, failed.Count);
            Assert.All(failed, message => Assert.Contains(BadKinds[Kind(message.MessageId!)].Reason, message.Reason, StringComparison.Ordinal));
            Assert.Equal(1000, (await lake.KeysAsync()).Count);
        }

        // The fix: the missing destination is added, the template corrected, the bucket created.
        await lake.Client.PutBucketAsync(gone.Name);
        settings["Destinations:strict:ObjectKeyTemplate"] = null;
        foreach (var (key, value) in WorkerHost.Destination("late", lake.Name))
        {
            settings[key] = value;
        }

        await using (await WorkerHost.StartAsync(settings))
        {
            var first = await errors.RedriveAsync(ReadQueue, reason: "is not configured");
            var rest = await errors.RedriveAsync(ReadQueue, reason: null);
            await WaitAsync(async () => (await lake.KeysAsync()).Count >= 1040 && (await gone.KeysAsync()).Count >= 20 && await broker.CountAsync(errors.Name) >= 40);

            Assert.Equal((100, 20, 80), (first.Total, first.Moved, first.Kept));
            Assert.Equal((80, 80, 0), (rest.Total, rest.Moved, rest.Kept));
            Assert.Equal(FixableKeys("late", "strict").Concat(GoodKeys()).Order(), (await lake.KeysAsync()).Order());
            Assert.Equal(FixableKeys("gone").Order(), (await gone.KeysAsync()).Order());
            Assert.All(await errors.ListAsync(limit: 1000), message => Assert.False(BadKinds[Kind(message.MessageId!)].Fixable));
        }

        var listing = new StringWriter();
        Assert.Equal(0, await ToolCommands.Create(new ToolConsole(listing, TextWriter.Null))
            .Parse(["errors", "list", errors.Name, "--limit", "100", "--set", $"RabbitMq:Host={TestServices.RabbitHost}"]).InvokeAsync());
        output.WriteLine(listing.ToString());
        Assert.EndsWith($"40 message(s) shown from {errors.Name}.{Environment.NewLine}", listing.ToString(), StringComparison.Ordinal);
    }

    private async Task PublishMixAsync(Broker broker)
    {
        for (var i = 0; i < 1100; i++)
        {
            var (id, destination, body) = i % 11 == 10
                ? ($"bad-{i / 11}", BadKinds[(i / 11) % BadKinds.Length].Destination, BadKinds[(i / 11) % BadKinds.Length].Body)
                : ($"good-{i}", "lake", Read);
            await broker.PublishRawAsync(ReadQueue, Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["destination"] = destination }, messageId: id);
        }
    }

    private static int Kind(string messageId) => int.Parse(messageId["bad-".Length..], System.Globalization.CultureInfo.InvariantCulture) % BadKinds.Length;

    private static IEnumerable<string> GoodKeys() =>
        Enumerable.Range(0, 1100).Where(i => i % 11 != 10).Select(i => $"{Time}_good-{i}.json");

    private static IEnumerable<string> FixableKeys(params string[] destinations) =>
        Enumerable.Range(0, 100).Where(n => destinations.Contains(BadKinds[n % BadKinds.Length].Destination) && BadKinds[n % BadKinds.Length].Fixable)
            .Select(n => $"{Time}_bad-{n}.json");

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 240 && !await done(); i++)
        {
            await Task.Delay(500);
        }
    }
}
