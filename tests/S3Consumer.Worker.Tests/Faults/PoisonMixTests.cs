using RabbitMQ.Client;
using S3Consumer.Tool;
using S3Consumer.Tool.Errors;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>
/// 1,000 good messages with 100 bad ones of every kind among them, and 20 for a bucket that does not exist yet:
/// exactly the bad ones end in the error queue, each with its reason, while those for the missing bucket are held;
/// once the configuration is fixed, moving the error queue back brings the fixable ones home, and the held ones
/// follow by themselves.
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
        ("malformed JSON", "lake", "{\"data\": [", "Invalid JSON: the body is not JSON", false),
        ("incomplete", "lake", "{\"data\": {\"objectName\": \"contacts\"}}", "Missing field: data.action is missing", false),
    ];

    private TestBed bed = null!;
    private S3Bucket gone = null!;

    private static string Read => Encoding.UTF8.GetString(Examples.ReadBody);

    private string ReadQueue => bed.ReadQueue;

    private S3Bucket Lake => bed.Bucket;

    public async Task InitializeAsync()
    {
        (bed, gone) = (await TestBed.CreateAsync(), await S3Bucket.CreateAsync());
        await gone.Client.DeleteBucketAsync(gone.Name);
        bed.WithDestination("strict", Lake.Name).With(("Destinations:strict:ObjectKeyTemplate", "data.customerRef")).WithDestination("gone", gone.Name)
            .With(("S3:HoldDelay", "00:00:02"));
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await gone.DisposeAsync();
    }

    [Fact]
    public async Task Exactly_the_bad_messages_land_in_the_error_queue_and_the_fixable_ones_come_home_after_the_fix()
    {
        var broker = bed.Broker;
        await using var connection = await new ConnectionFactory { HostName = TestServices.RabbitHost }.CreateConnectionAsync();
        var errors = new ErrorQueueClient(connection, $"{ReadQueue}_error");

        await using (await WorkerHost.StartAsync(bed.Settings))
        {
            await PublishMixAsync(broker);
            await WaitAsync(1000, 0, 100, broker, errors.Name);

            var failed = await errors.ListAsync(limit: 1000);
            Assert.Equal(100, failed.Count);
            Assert.All(failed, message => Assert.Contains(BadKinds[Kind(message.MessageId!)].Reason, message.Reason, StringComparison.Ordinal));
            Assert.Equal(1000, (await Lake.KeysAsync()).Count);

            // A missing bucket concerns the destination, not the message: held, never in the error queue.
            await broker.WaitForCountAsync(HoldingQueues.Name(ReadQueue, "gone"), count => count > 0, "messages held for the missing bucket");
            Assert.Equal(100u, await broker.CountAsync(errors.Name));
        }

        // The fix: the missing destination is added, the template corrected, the bucket created.
        await Lake.Client.PutBucketAsync(gone.Name);
        bed.With(("Destinations:strict:ObjectKeyTemplate", null)).WithDestination("late", Lake.Name);

        await using (await WorkerHost.StartAsync(bed.Settings))
        {
            var first = await errors.RedriveAsync(ReadQueue, reason: "is not configured");
            var rest = await errors.RedriveAsync(ReadQueue, reason: null);
            await WaitAsync(1050, 20, 50, broker, errors.Name);

            Assert.Equal((100, 25, 75), (first.Total, first.Moved, first.Kept));
            Assert.Equal((75, 75, 0), (rest.Total, rest.Moved, rest.Kept));
            Assert.Equal(FixableKeys("late", "strict").Concat(GoodKeys()).Order(), (await Lake.KeysAsync()).Order());
            Assert.Equal(HeldKeys().Order(), (await gone.KeysAsync()).Order());
            Assert.All(await errors.ListAsync(limit: 1000), message => Assert.False(BadKinds[Kind(message.MessageId!)].Fixable));
        }

        var listing = new StringWriter();
        Assert.Equal(0, await ToolCommands.Create(new ToolConsole(listing, TextWriter.Null))
            .Parse(["errors", "list", errors.Name, "--limit", "100", "--set", $"RabbitMq:Host={TestServices.RabbitHost}"]).InvokeAsync());
        output.WriteLine(listing.ToString());
        Assert.EndsWith($"50 message(s) shown from {errors.Name}.{Environment.NewLine}", listing.ToString(), StringComparison.Ordinal);
    }

    private async Task PublishMixAsync(Broker broker)
    {
        for (var i = 0; i < 1100; i++)
        {
            var (id, destination, body) = i % 11 == 10
                ? ($"bad-{i / 11}", BadKinds[(i / 11) % BadKinds.Length].Destination, BadKinds[(i / 11) % BadKinds.Length].Body)
                : ($"good-{i}", "lake", Read);
            await broker.PublishRawAsync(ReadQueue, Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["destination"] = destination }, messageId: id);
            if (i % 55 == 0)
            {
                await broker.PublishRawAsync(ReadQueue, Encoding.UTF8.GetBytes(Read), new Dictionary<string, string> { ["destination"] = "gone" }, messageId: $"held-{i / 55}");
            }
        }
    }

    private static IEnumerable<string> HeldKeys() => Enumerable.Range(0, 20).Select(n => $"{Time}_held-{n}.json");

    private static int Kind(string messageId) => int.Parse(messageId["bad-".Length..], System.Globalization.CultureInfo.InvariantCulture) % BadKinds.Length;

    private static IEnumerable<string> GoodKeys() =>
        Enumerable.Range(0, 1100).Where(i => i % 11 != 10).Select(i => $"{Time}_good-{i}.json");

    private static IEnumerable<string> FixableKeys(params string[] destinations) =>
        Enumerable.Range(0, 100).Where(n => destinations.Contains(BadKinds[n % BadKinds.Length].Destination) && BadKinds[n % BadKinds.Length].Fixable)
            .Select(n => $"{Time}_bad-{n}.json");

    /// <summary>Waits until the lake and the recreated bucket hold at least so many objects, and the error queue so many messages.</summary>
    private async Task WaitAsync(int inLake, int inGone, uint failed, Broker broker, string errorQueue)
    {
        var seen = (Lake: 0, Gone: 0, Failed: 0u);
        await Poll.UntilAsync(
            async () =>
            {
                seen = ((await Lake.KeysAsync()).Count, inGone == 0 ? 0 : (await gone.KeysAsync()).Count, await broker.CountAsync(errorQueue));
                return seen.Lake >= inLake && seen.Gone >= inGone && seen.Failed >= failed;
            },
            TimeSpan.FromMinutes(2), $"{inLake} objects in the lake, {inGone} in the recreated bucket and {failed} messages in {errorQueue}",
            TimeSpan.FromMilliseconds(500), () => $"{seen.Lake}, {seen.Gone} and {seen.Failed}");
    }
}
