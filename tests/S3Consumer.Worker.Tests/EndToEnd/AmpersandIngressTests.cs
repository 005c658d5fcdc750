using System.Globalization;
using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>
/// README.md's "From Ampersand's RabbitMQ destination": Ampersand publishes to one exchange, the worker takes read and
/// subscribe messages and notifications alike from one quorum queue bound to it, and writes each message itself
/// (<c>Envelope: none</c>) under a key that does not move with the delivery attempt's time.
/// </summary>
[Collection(ServiceOutages.Name)]
[Trait("Category", "Fault")]
public sealed class AmpersandIngressTests(ITestOutputHelper output)
{
    private const int Half = 60;

    [Fact]
    public async Task Messages_published_as_Ampersand_does_are_each_written_as_sent_across_a_broker_restart_and_none_is_parked()
    {
        await using var bucket = await S3Bucket.CreateAsync();
        await using var notices = await S3Bucket.CreateAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var (exchange, ingress) = ($"ampersand-{id}", $"it-{id}-ingress");
        var settings = WorkerHost.Settings(bucket.Name,
        [
            .. WorkerHost.Destination("notices", notices.Name).Select(setting => (setting.Key, setting.Value!)),
            ("Destinations:lake:Envelope", "none"), ("Destinations:notices:Envelope", "none"),
            ("Ingress:Exchange", exchange), ("Ingress:Queue", ingress), ("Queues:Quorum", "true"),
            ("Routing:Default", "lake"), ("Routing:Notifications", "notices"),
        ]);
        var events = Enumerable.Range(0, 2 * Half).Select(AmpersandEvent.Number).ToList();
        try
        {
            using var worker = await WorkerProcess.StartAsync(settings, ingress);
            await PublishAsync(exchange, events[..Half]);

            // Ampersand publishes without confirms: what it sent is safe once the broker holds it, not before.
            await worker.WaitUntilAsync(async () => await HeldOrWrittenAsync(events[..Half], bucket, notices, ingress) >= Half,
                TimeSpan.FromSeconds(60), $"the broker to hold or the worker to have written the {Half} messages sent before the restart");
            await ServicesScript.RunAsync("stop-rabbit");
            await ServicesScript.RunAsync("start-rabbit");
            await using (var broker = await Broker.ConnectAsync())
            {
                await worker.WaitForConsumerAsync(broker, ingress, TimeSpan.FromSeconds(120));
            }

            await PublishAsync(exchange, events[Half..]);

            // One wait for all of them, so that a message never written is named with where it may be and what the worker said.
            var unwritten = events;
            try
            {
                await worker.WaitUntilAsync(
                    async () => (unwritten = await UnwrittenAsync(events, bucket, notices)).Count == 0,
                    TimeSpan.FromSeconds(120), $"the {events.Count} messages to be written", TimeSpan.FromMilliseconds(500),
                    () => $"{unwritten.Count} not written: {string.Join(", ", unwritten.Select(sent => events.IndexOf(sent)))}");
            }
            catch (TimeoutException error)
            {
                var queues = await Command.RunCheckedAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", "list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers", "--quiet");
                throw new TimeoutException($"{error.Message}{Environment.NewLine}Queues (ready, unacknowledged, consumers):{Environment.NewLine}{queues.Output}", error);
            }

            foreach (var sent in events)
            {
                var stored = await (sent.IsNotification ? notices : bucket).WaitForObjectAsync(sent.Key);
                Assert.True(stored.Body.AsSpan().SequenceEqual(sent.Body), $"{sent.Kind} {sent.Key} is not the message as sent.");
                Assert.Equal(sent.Metadata.OrderBy(field => field.Key), stored.Metadata.OrderBy(field => field.Key));
            }

            await using var after = await Broker.ConnectAsync();
            var (written, parked) = ((await bucket.KeysAsync()).Count + (await notices.KeysAsync()).Count, await ParkedAsync(after, settings["Queues:Read"]!, settings["Queues:Subscribe"]!, ingress));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Ampersand through one exchange, broker restarted after {Half}: {events.Count} sent ({events.Count(e => e.Kind == "read")} read, " +
                $"{events.Count(e => e.Kind == "subscribe")} subscribe, {events.Count(e => e.IsNotification)} notifications), {written} written, {parked} parked"));
            Assert.Equal((events.Count, 0u), (written, parked));
            Assert.False(worker.HasExited, "The worker exited.");
        }
        finally
        {
            await using var broker = await Broker.ConnectAsync();
            await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!, ingress);
            await broker.DeleteExchangeAsync(exchange);
        }
    }

    private static async Task PublishAsync(string exchange, IEnumerable<AmpersandEvent> events)
    {
        await using var publisher = await AmpersandPublisher.ConnectAsync(exchange);
        foreach (var sent in events)
        {
            await publisher.PublishAsync(sent.Topic, sent.Body, sent.Headers);
        }
    }

    // The objects written first, then the queue's messages, ready or in flight: a message that moves from one to the
    // other in between is counted in neither, never in both.
    private static async Task<int> HeldOrWrittenAsync(IReadOnlyList<AmpersandEvent> events, S3Bucket bucket, S3Bucket notices, string queue)
    {
        var written = events.Count - (await UnwrittenAsync(events, bucket, notices)).Count;
        var list = await Command.RunCheckedAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", "list_queues", "name", "messages", "--quiet", "--no-table-headers");
        var held = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
            .Where(columns => columns.Length == 2 && columns[0] == queue).Select(columns => int.Parse(columns[1], CultureInfo.InvariantCulture)).SingleOrDefault();
        return written + held;
    }

    private static async Task<List<AmpersandEvent>> UnwrittenAsync(IReadOnlyList<AmpersandEvent> events, S3Bucket bucket, S3Bucket notices)
    {
        var keys = (await bucket.KeysAsync()).Concat(await notices.KeysAsync()).ToHashSet();
        return [.. events.Where(sent => !keys.Contains(sent.Key))];
    }

    private static async Task<uint> ParkedAsync(Broker broker, params string[] queues)
    {
        var parked = 0u;
        foreach (var queue in queues)
        {
            parked += await broker.CountAsync($"{queue}_error") + await broker.CountAsync($"{queue}_skipped");
        }

        return parked;
    }
}
