using RabbitMQ.Client;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary><c>s3consumer publish</c> to a running worker: what it sends is written as a raw publisher's message is.</summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class PublishCommandTests : IAsyncLifetime
{
    private TestBed bed = null!;
    private WorkerHost worker = null!;

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    public async Task InitializeAsync()
    {
        bed = await TestBed.CreateAsync();
        worker = await WorkerHost.StartAsync(bed.Settings);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task A_message_file_goes_to_the_queue_of_its_action_and_becomes_the_object_a_raw_publisher_gets()
    {
        var result = await PublishAsync(Example("read-action.json"), "--destination", "lake", "--header", "connection-id=conn-tool");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"Published 1 message(s) to {bed.ReadQueue}; the broker confirmed each.", result.Out.TrimEnd());
        var key = await SingleKeyAsync();
        var stored = await bed.Bucket.WaitForObjectAsync(key);
        Assert.StartsWith("2025-10-14T02:58:59.323405308Z_", key, StringComparison.Ordinal);
        Assert.Equal(("conn-tool", bed.ReadQueue), (stored.Metadata["x-amz-meta-connectionid"], stored.Metadata["x-amz-meta-topic"]));
        Assert.Contains("\"firstname\": \"Maria\"", System.Text.Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copies_get_an_event_id_each_and_so_an_object_each()
    {
        var result = await PublishAsync(Example("read-action.json"), "--destination", "lake", "--count", "20", "--rate", "200");

        Assert.True(result.ExitCode == 0, result.ToString());
        await WaitForKeysAsync(20);
        Assert.Equal(20, (await bed.Bucket.KeysAsync()).Distinct().Count());
    }

    [Fact]
    public async Task Standard_input_is_read_for_a_dash_and_a_subscribe_message_goes_to_the_subscribe_queue()
    {
        var result = await ToolRun.InvokeAsync(
            Examples.SubscribeBody, ["publish", "-", "--destination", "lake", "--header", "event-id=sub-1", .. ToolRun.Set(bed.Settings)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(bed.SubscribeQueue, result.Out, StringComparison.Ordinal);
        Assert.Equal("2025-04-10T23:22:25Z_sub-1.json", await SingleKeyAsync());
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_fails_saying_so()
    {
        var result = await PublishAsync(Example("read-action.json"), "--queue", $"nowhere-{Guid.NewGuid():N}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist (the broker returned the message)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_whose_action_names_no_queue_needs_one()
    {
        var result = await ToolRun.InvokeAsync("""{"data": {"action": "write"}}"""u8.ToArray(), ["publish", "-", .. ToolRun.Set(bed.Settings)]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("name the queue with --queue", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_exchange_it_publishes_as_ampersand_does()
    {
        var exchange = $"ampersand-{Guid.NewGuid():N}";
        var queue = $"{exchange}-copy";
        await bed.Broker.DeclareQueueAsync(queue);
        try
        {
            await bed.Broker.BindAsync(exchange, queue, "ampersand.read");

            var result = await PublishAsync(Example("webhook-read.json"), "--exchange", exchange, "--routing-key", "ampersand.read", "--header", "connectionId=conn-7");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(
                $"Published 1 message(s) to exchange {exchange} (routing key 'ampersand.read') as Ampersand does: transient, without confirms " +
                "(RabbitMQ drops what no binding of the exchange takes).",
                result.Out.TrimEnd());
            var sent = await bed.Broker.TakeAsync(queue);
            var properties = sent.BasicProperties;
            Assert.Equal(
                ("ampersand.read", "application/json", DeliveryModes.Transient, (string?)null, false),
                (sent.RoutingKey, properties.ContentType, properties.DeliveryMode, properties.MessageId, properties.IsTimestampPresent()));
            Assert.All(properties.Headers!.Values, value => Assert.IsType<byte[]>(value));
            Assert.Equal(["connectionId", "event-id", "timestamp", "topic"], properties.Headers!.Keys.Order());
            Assert.Equal(("conn-7", "ampersand.read"), (Broker.Header(sent, "connectionId"), Broker.Header(sent, "topic")));
            Assert.True(Guid.TryParse(Broker.Header(sent, "event-id"), out _));
            Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", Broker.Header(sent, "timestamp"));
            Assert.Equal(await File.ReadAllBytesAsync(Example("webhook-read.json")), sent.Body.ToArray());
        }
        finally
        {
            await bed.Broker.DeleteQueuesAsync(queue);
            await bed.Broker.DeleteExchangeAsync(exchange);
        }
    }

    [Fact]
    public async Task An_exchange_that_does_not_exist_fails_saying_so_rather_than_publishing_into_nothing()
    {
        var result = await PublishAsync(Example("webhook-read.json"), "--exchange", "no-such-exchange-i26");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3consumer: exchange 'no-such-exchange-i26' does not exist: start the worker with Ingress:Exchange=no-such-exchange-i26, which declares it, or name another with --exchange.",
            result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("--queue", "q")]
    [InlineData("--routing-key", "k")]
    public async Task A_queue_and_an_exchange_exclude_each_other_and_a_routing_key_needs_the_exchange(string option, string value)
    {
        string[] exchange = option == "--queue" ? ["--exchange", "x"] : [];

        var result = await PublishAsync(Example("webhook-read.json"), [option, value, .. exchange]);

        Assert.Equal((1, ""), (result.ExitCode, result.Out));
    }

    private Task<ToolResult> PublishAsync(string file, params string[] options) =>
        ToolRun.InvokeAsync(["publish", file, .. options, .. ToolRun.Set(bed.Settings)]);

    private async Task<string> SingleKeyAsync() => Assert.Single(await WaitForKeysAsync(1));

    private async Task<IReadOnlyList<string>> WaitForKeysAsync(int count)
    {
        IReadOnlyList<string> keys = [];
        await Poll.UntilAsync(async () => (keys = await bed.Bucket.KeysAsync()).Count >= count, TimeSpan.FromSeconds(30), $"{count} object(s) in {bed.Bucket.Name}",
            seen: () => $"{keys.Count} object(s)");
        return keys;
    }
}
