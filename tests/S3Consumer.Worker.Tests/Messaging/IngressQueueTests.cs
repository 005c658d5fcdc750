using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Messaging;

/// <summary>
/// <c>Ingress:Exchange</c>: the worker binds its ingress queue to the publisher's exchange, declaring the exchange
/// (topic, durable) only when there is none, and takes read and subscribe messages from that one queue; a notification
/// without <c>Routing:Notifications</c> is acknowledged and counted as skipped, never parked.
/// </summary>
[Collection(WholeProcessTelemetry.Name)]
public sealed class IngressQueueTests : IAsyncLifetime
{
    private readonly string id = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> queues = [];
    private S3Bucket bucket = null!;
    private Broker broker = null!;

    private string Exchange => $"ampersand-{id}";

    private string Ingress => $"it-{id}-ingress";

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        broker = await Broker.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await broker.DeleteQueuesAsync([Ingress, .. queues]);
        await broker.DeleteExchangeAsync(Exchange);
        await broker.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_exchange_is_declared_topic_and_durable_and_both_actions_come_through_the_one_queue()
    {
        await using var worker = await StartAsync();

        Assert.Equal("topic\ttrue", await ExchangeAsync(Exchange));
        await using (var publisher = await AmpersandPublisher.ConnectAsync(Exchange))
        {
            foreach (var action in new[] { "read", "subscribe" })
            {
                await publisher.PublishAsync($"ampersand.{action}", Example($"webhook-{action}.json"), new Dictionary<string, string> { ["event-id"] = action });
            }
        }

        await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_read.json");
        await bucket.WaitForObjectAsync("2025-04-10T23:22:25Z_subscribe.json");
        Assert.Equal((0u, 0u, 0u), (await broker.CountAsync(Ingress), await broker.CountAsync($"{Ingress}_error"), await broker.CountAsync($"{worker.ReadQueue}_error")));
    }

    [Fact]
    public async Task An_exchange_the_user_made_of_another_type_is_taken_as_it_is()
    {
        await broker.BindAsync(Exchange, queue: await TemporaryQueueAsync(), routingKey: "unrelated"); // a durable direct exchange
        await using var worker = await StartAsync(("Ingress:RoutingKey", "s3consumer"));

        await using (var publisher = await AmpersandPublisher.ConnectAsync(Exchange))
        {
            await publisher.PublishAsync("s3consumer", Example("webhook-read.json"), new Dictionary<string, string> { ["event-id"] = "direct" });
        }

        await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_direct.json");
        Assert.Equal("direct\ttrue", await ExchangeAsync(Exchange));
    }

    [Fact]
    public async Task Without_routing_notifications_a_notification_is_acknowledged_and_counted_as_skipped()
    {
        var skipped = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == WorkerTelemetry.Name && instrument.Name == "s3consumer.messages.skipped")
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            skipped.Enqueue(tags.ToArray().Single(tag => tag.Key == WorkerTelemetry.ReasonTag).Value as string ?? ""));
        listener.Start();
        await using var worker = await StartAsync();

        await using (var publisher = await AmpersandPublisher.ConnectAsync(Exchange))
        {
            await publisher.PublishAsync("ampersand.notification", Example("notification-read-backfill-done.json"), new Dictionary<string, string>
            {
                ["event-id"] = "n-1", ["notificationType"] = "read.backfill.done", ["timestamp"] = "2025-10-14T03:00:01Z",
            });
            await publisher.PublishAsync("ampersand.read", Example("webhook-read.json"), new Dictionary<string, string> { ["event-id"] = "after" });
        }

        // Messages are taken in order (one at a time): once the read after it is written, the notification was handled.
        await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_after.json");
        Assert.Equal(["2025-10-14T02:58:59.323405308Z_after.json"], await bucket.KeysAsync());
        Assert.Equal(["notification"], skipped);
        Assert.Equal((0u, 0u), (await broker.CountAsync(Ingress), await broker.CountAsync($"{Ingress}_error")));
    }

    private async Task<WorkerHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var worker = await WorkerHost.StartAsync(
            bucket.Name, [("Ingress:Exchange", Exchange), ("Ingress:Queue", Ingress), ("Routing:Default", "lake"), .. WorkerHost.InOrder, .. settings]);
        queues.AddRange([worker.ReadQueue, worker.SubscribeQueue]);
        return worker;
    }

    private async Task<string> TemporaryQueueAsync()
    {
        var queue = $"it-{id}-other";
        await broker.DeclareQueueAsync(queue);
        queues.Add(queue);
        return queue;
    }

    private static async Task<string> ExchangeAsync(string name)
    {
        var list = await Command.RunCheckedAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", "list_exchanges", "name", "type", "durable", "--quiet", "--no-table-headers");
        return list.Output.Split('\n').Select(line => line.Split('\t', 2)).Single(columns => columns[0] == name)[1].Trim();
    }

    private static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", name));
}
