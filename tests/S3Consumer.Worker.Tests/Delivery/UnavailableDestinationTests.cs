using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Delivery;

/// <summary>
/// Destinations that refuse every write, on the real broker and S3 server: their messages are held in holding queues
/// (never in an error queue, never lost, never in the healthy destinations' way) and written once they take writes again.
/// <c>lake</c> writes through one fault proxy (to time its writes), <c>broken</c> through another that plays the fault.
/// </summary>
[Collection(RealServices.Name)]
[Trait("Category", "Fault")]
public sealed class UnavailableDestinationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Time = "2025-10-14T02:58:59.323405308Z";
    private const string TestBrokerNode = "rabbit@localhost";
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);
    private TestBed bed = null!;

    private S3FaultProxy Healthy => bed.Proxy;

    private S3FaultProxy Broken => bed.ProxyOf("broken");

    public async Task InitializeAsync() => bed = (await TestBed.CreateAsync(["lake", "broken"])).With(("S3:HoldDelay", "00:00:02"));

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_destination_that_drops_every_connection_holds_its_messages_out_of_the_healthy_ones_way()
    {
        Broken.DropConnections = true;
        var settings = Settings(("Queues:ConcurrentMessageLimit", "8"), ("Queues:PrefetchCount", "16"), ("S3:MaxConnections", "16"), ("S3:HoldDelay", "00:00:05"));
        var queue = settings["Queues:Read"]!;
        await using var worker = await WorkerHost.StartAsync(settings);
        using var readiness = Readiness.Of(worker);
        var broker = bed.Broker;

        // The healthy messages at the same pace (50 a second) in both runs, so that their latency is the worker's, not a
        // backlog's; after one message has warmed the worker and its S3 client up.
        await PublishAsync(broker, queue, [("warm-up", "lake")]);
        await WaitForWrittenAsync(Healthy, ["warm-up"], TimeSpan.FromSeconds(30), "the first message");
        var alone = await PublishAsync(broker, queue, Ids("alone", 200).Select(id => new[] { (id, "lake") }), Pace);
        await WaitForWrittenAsync(Healthy, alone.Keys, TimeSpan.FromSeconds(60), "the healthy destination's messages, alone");
        var (healthyIds, brokenIds) = (Ids("healthy", 200).ToList(), Ids("broken", 200).ToList());
        var mixed = await PublishAsync(broker, queue, healthyIds.Zip(brokenIds).Select(pair => new[] { (pair.First, "lake"), (pair.Second, "broken") }), Pace);
        await WaitForWrittenAsync(Healthy, healthyIds, TimeSpan.FromSeconds(60), "the healthy destination's messages, beside the broken one");

        output.WriteLine($"publish-to-object p50/p99 of 200 healthy messages, 50 a second: {Latency(Healthy, alone)} alone, " +
                         $"{Latency(Healthy, mixed.Where(entry => healthyIds.Contains(entry.Key)))} beside 200 for a destination that drops connections");
        var (status, report, _) = await readiness.WaitForAsync(
            (_, report) => Readiness.Field(report, "s3:broken", "code") == "ConnectionFailure", "s3:broken unavailable with ConnectionFailure");
        Assert.Equal((HttpStatusCode.OK, "Degraded", "Healthy", "Unhealthy"),
            (status, report.GetProperty("status").GetString(), Readiness.Field(report, "s3:lake", "status"), Readiness.Field(report, "s3:broken", "status")));
        // Isolation, as counts: all 200 healthy messages written while the broken destination's are held, none of those written.
        await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count > 0, "held messages");
        Assert.Equal((200, 0), (healthyIds.Count(id => Healthy.Written.ContainsKey(Key(id))), Broken.Written.Count));
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));

        Broken.DropConnections = false;
        var fixedAt = TimeProvider.System.GetTimestamp();
        await WaitForWrittenAsync(Broken, brokenIds, TimeSpan.FromSeconds(60), "the held messages, once their destination answers");
        output.WriteLine($"all 200 held messages written {TimeProvider.System.GetElapsedTime(fixedAt).TotalSeconds:F1} s after the destination answered again");

        await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count == 0, "no message left");
        await readiness.WaitForAsync((code, report) => code == HttpStatusCode.OK && report.GetProperty("status").GetString() == "Healthy", "Healthy once recovered");
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
        Assert.All(Broken.Written.Values, puts => Assert.Equal(1, puts));
    }

    [Fact]
    public async Task A_wrong_access_key_id_holds_every_message_until_the_key_is_fixed()
    {
        // s3rver itself answers 403 InvalidAccessKeyId. Fixed by a restart with the right key (LiveConfigurationTests fix it in the file).
        var settings = Settings(("Destinations:broken:ServiceUrl", TestServices.S3Url.ToString()), ("Destinations:broken:AccessKeyId", "NOT-S3RVER"), ("S3:HoldDelay", "00:00:03"));
        var queue = settings["Queues:Read"]!;
        var broker = bed.Broker;
        var ids = Ids("key", 100).ToList();
        await using (var worker = await WorkerHost.StartAsync(settings))
        {
            using var readiness = Readiness.Of(worker);
            await PublishAsync(broker, queue, ids.Select(id => (id, "broken")));

            await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count == 100, "all 100 messages held");
            var (status, report, _) = await readiness.WaitForAsync((_, report) => Readiness.Field(report, "s3:broken", "status") == "Unhealthy", "s3:broken unavailable");
            Assert.Equal((HttpStatusCode.OK, "InvalidAccessKeyId"), (status, Readiness.Field(report, "s3:broken", "code")));
            Assert.NotNull(Readiness.Field(report, "s3:broken", "since"));
            Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
            Assert.Empty(await bed.Bucket.KeysAsync());
        }

        settings["Destinations:broken:AccessKeyId"] = TestServices.S3Key;
        await using (await WorkerHost.StartAsync(settings))
        {
            var (written, queued, held) = (0, 0u, 0u);
            await Poll.UntilAsync(
                async () =>
                {
                    (written, queued, held) = ((await bed.Bucket.KeysAsync()).Count, await broker.CountAsync(queue), await broker.CountAsync(HoldingQueues.Name(queue, "broken")));
                    return written == 100;
                },
                TimeSpan.FromSeconds(60), "all 100 written with the right key", seen: () => $"{written} written, {queued} in the queue, {held} held");
        }

        Assert.Equal(ids.Select(Key).Order(), (await bed.Bucket.KeysAsync()).Order());
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
    }

    [Theory]
    [InlineData("ExpiredToken")]
    [InlineData("AccessDenied")]
    [InlineData("NoSuchBucket")]
    [InlineData("PermanentRedirect")]
    public async Task A_destination_wide_refusal_holds_the_messages_until_it_is_fixed(string code)
    {
        // NoSuchBucket is s3rver's own answer for a bucket that does not exist yet (made, then deleted, so that disposing
        // it removes it and what the test writes there); the others are the proxy's.
        await using var missing = await S3Bucket.CreateAsync();
        await missing.Client.DeleteBucketAsync(missing.Name);
        var settings = code == "NoSuchBucket" ? Settings(("Destinations:broken:Bucket", missing.Name)) : Settings();
        Broken.Refusal = code == "NoSuchBucket" ? null : S3Refusal.Of(code);
        var queue = settings["Queues:Read"]!;
        await using var worker = await WorkerHost.StartAsync(settings);
        using var readiness = Readiness.Of(worker);
        var broker = bed.Broker;
        var ids = Ids(code, 20).ToList();
        await PublishAsync(broker, queue, ids.Select(id => (id, "broken")));

        await readiness.WaitForAsync((_, report) => Readiness.Field(report, "s3:broken", "code") == code, $"s3:broken unavailable with {code}");
        await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count > 0, "held messages");
        Assert.Empty(Broken.Written);
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));

        if (code == "NoSuchBucket")
        {
            await missing.Client.PutBucketAsync(missing.Name);
        }

        Broken.Refusal = null;
        await WaitForWrittenAsync(Broken, ids, TimeSpan.FromSeconds(60), $"the held messages after {code} was fixed");
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
    }

    [Fact]
    public async Task A_probe_answered_with_SlowDown_is_retried_at_once_rather_than_held_again()
    {
        // SlowDown outlasts the first write's retries: the destination is unavailable and its message held. Its probe,
        // HoldDelay later, meets one more SlowDown (as a server just back may answer) and is written by its next attempt.
        var slowDowns = int.MaxValue;
        Broken.RefusePut = _ => Interlocked.Decrement(ref slowDowns) >= 0 ? S3Refusal.Of("SlowDown", "Please reduce your request rate.") : null;
        var settings = Settings(("S3:HoldDelay", "00:00:02"));
        var queue = settings["Queues:Read"]!;
        long retries = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == WorkerTelemetry.Name && instrument.Name == "s3consumer.put.retries")
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(tag => tag is { Key: WorkerTelemetry.DestinationTag, Value: "broken" }))
            {
                Interlocked.Add(ref retries, value);
            }
        });
        listener.Start();
        await using var worker = await WorkerHost.StartAsync(settings);
        var broker = bed.Broker;
        await PublishAsync(broker, queue, [("probe", "broken")]);
        await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count == 1, "the message held after its retries");

        var retriesBefore = Interlocked.Read(ref retries);
        Interlocked.Exchange(ref slowDowns, 1);
        await WaitForWrittenAsync(Broken, ["probe"], TimeSpan.FromSeconds(30), "the probe, written by its retry");

        Assert.Equal(1, Interlocked.Read(ref retries) - retriesBefore);
        Assert.Equal((1, 0u, 0u), (Broken.Written[Key("probe")], await broker.CountAsync(HoldingQueues.Name(queue, "broken")), await broker.CountAsync($"{queue}_error")));
    }

    [Fact]
    public async Task A_message_the_broker_will_not_hold_goes_back_to_its_queue_not_to_the_error_queue()
    {
        // A policy lets the holding queue take nothing (max-length 0, reject-publish): the broker refuses the held copy,
        // as a broker too busy to confirm it would fail it, and the message must be delivered again, not parked.
        Broken.Refusal = S3Refusal.Of("AccessDenied");
        var settings = Settings(("S3:HoldDelay", "00:00:02"));
        var (queue, holding) = (settings["Queues:Read"]!, HoldingQueues.Name(settings["Queues:Read"]!, "broken"));
        var policy = $"s3consumer-test-{Guid.NewGuid():N}";
        await Command.RunCheckedAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", "set_policy", policy, $"^{Regex.Escape(holding)}$",
            """{"max-length":0,"overflow":"reject-publish"}""", "--apply-to", "queues");
        try
        {
            using var captured = new CapturedTelemetry();
            await using var worker = await WorkerHost.StartAsync(settings, builder => builder.Logging.AddProvider(captured));
            await PublishAsync(bed.Broker, queue, [("unheld", "broken")]);

            var failedHolds = 0;
            await Poll.UntilAsync(
                () => Task.FromResult((failedHolds = captured.Lines.Count(line => line.Contains($"could not be held in {holding}", StringComparison.Ordinal))) >= 2),
                TimeSpan.FromSeconds(30), "the message's hold failing twice, back in its queue in between", seen: () => $"{failedHolds} failed hold(s)");
            Assert.Equal(0u, await bed.Broker.CountAsync($"{queue}_error"));

            await Command.RunCheckedAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", "clear_policy", policy);
            await bed.Broker.WaitForCountAsync(holding, count => count == 1, "the message held once the broker takes it");
            Broken.Refusal = null;
            await WaitForWrittenAsync(Broken, ["unheld"], TimeSpan.FromSeconds(30), "the message, once its destination takes writes");
            Assert.Equal((1, 0u), (Broken.Written[Key("unheld")], await bed.Broker.CountAsync($"{queue}_error")));
        }
        finally
        {
            await Command.RunAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", "clear_policy", policy);
        }
    }

    [Fact]
    public async Task A_server_whose_clock_is_20_minutes_ahead_is_written_without_any_fix()
    {
        Broken.ClockOffset = TimeSpan.FromMinutes(20);
        var settings = Settings();
        var queue = settings["Queues:Read"]!;
        using var captured = new CapturedTelemetry();
        await using var worker = await WorkerHost.StartAsync(settings, builder => builder.Logging.AddProvider(captured));
        var broker = bed.Broker;
        var ids = Ids("skew", 20).ToList();
        await PublishAsync(broker, queue, ids.Select(id => (id, "broken")));

        await WaitForWrittenAsync(Broken, ids, TimeSpan.FromSeconds(30), "the messages, signed with the server's clock");
        Assert.InRange(Broken.SkewRefusals, 1, 20);
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
        Assert.Contains(captured.Lines, line => System.Text.RegularExpressions.Regex.IsMatch(
            line, @"Destination broken: S3 refused a request as signed at the wrong time \(RequestTimeTooSkewed\); its clock is 00:(19:5|20:0)"));
    }

    [Fact]
    public async Task A_message_held_for_longer_than_S3_MaxUnavailable_goes_to_the_error_queue_saying_so()
    {
        Broken.Refusal = S3Refusal.Of("AccessDenied");
        var settings = Settings(("S3:MaxUnavailable", "1.00:00:00"));
        var queue = settings["Queues:Read"]!;
        await using var worker = await WorkerHost.StartAsync(settings);
        var broker = bed.Broker;
        var heldSince = DateTime.UtcNow.AddDays(-2).ToString("O", CultureInfo.InvariantCulture);
        await broker.PublishRawAsync(queue, Examples.ReadBody,
            new Dictionary<string, string> { ["destination"] = "broken", [HoldingQueues.HeldSinceHeader] = heldSince }, messageId: "too-long");

        var failed = await broker.TakeAsync($"{queue}_error");

        Assert.Contains("Destination 'broken' has refused writes (AccessDenied)", Broker.Header(failed, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Contains("longer than S3:MaxUnavailable (1.00:00:00)", Broker.Header(failed, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal(0u, await broker.CountAsync(HoldingQueues.Name(queue, "broken")));
    }

    [Fact]
    public async Task Held_messages_survive_SIGKILL_and_SIGTERM_and_wait_without_spinning()
    {
        Broken.Refusal = S3Refusal.Of("InvalidAccessKeyId");
        var settings = Settings(("S3:HoldDelay", "00:00:03"));
        var queue = settings["Queues:Read"]!;
        var broker = bed.Broker;
        var ids = Ids("kill", 50).ToList();
        using (var first = await WorkerProcess.StartAsync(settings, queue))
        {
            await PublishAsync(broker, queue, ids.Select(id => (id, "broken")));
            await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count == 50, "all 50 messages held");

            // A measurement, not a wait: the PUTs and the CPU of the worker while only held messages come and go, once the
            // code they run is compiled (after two trips through the holding queue). A probe goes out at most a quarter hold
            // delay after the last one failed, and only with a message: no more than 8 in 6 s, and one under way.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var (cpu, puts) = (first.CpuTime, Broken.StartedPuts);
            await Task.Delay(TimeSpan.FromSeconds(6));
            var probes = Broken.StartedPuts - puts;
            output.WriteLine($"While 50 held messages wait (hold delay 3 s), over 6 s: {probes} PUT(s), {(first.CpuTime - cpu).TotalSeconds / 6:F3} cores");
            Assert.InRange(probes, 1, 9);
            first.Kill();
        }

        using (var second = await WorkerProcess.StartAsync(settings, queue))
        {
            await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count > 0, "held messages after the restart");
            await second.TerminateAsync();
            Assert.True(second.ExitCode == 0, $"The worker exited with {second.ExitCode} on SIGTERM: {string.Join('\n', second.Output.TakeLast(40))}");
        }

        // A message whose copy was confirmed but whose acknowledgement was cut off by the stop is there twice: never lost.
        var (queued, held) = (0u, 0u);
        await Poll.UntilAsync(
            async () => (queued = await broker.CountAsync(queue)) + (held = await broker.CountAsync(HoldingQueues.Name(queue, "broken"))) >= 50,
            TimeSpan.FromSeconds(10), "all 50 messages in the queue or its holding queue after SIGTERM", seen: () => $"{queued} in the queue, {held} held");
        Assert.Empty(Broken.Written);

        Broken.Refusal = null;
        var restarted = TimeProvider.System.GetTimestamp();
        using (var third = await WorkerProcess.StartAsync(settings, queue))
        {
            var started = TimeProvider.System.GetElapsedTime(restarted);
            var keys = ids.Select(Key).ToList();
            var written = 0;
            await Poll.UntilAsync(
                async () =>
                {
                    (written, queued, held) = (keys.Count(Broken.Written.ContainsKey), await broker.CountAsync(queue), await broker.CountAsync(HoldingQueues.Name(queue, "broken")));
                    return written == keys.Count;
                },
                TimeSpan.FromSeconds(60), "the held messages after the restarts",
                seen: () => $"{written} of {keys.Count} written, {queued} in the queue, {held} held, {Broken.StartedPuts} PUTs in all; the worker's last lines: " +
                            string.Join('\n', third.Output.TakeLast(20)));
            output.WriteLine($"The third worker consumed {started.TotalSeconds:F1} s after its start and wrote the 50 messages {(TimeProvider.System.GetElapsedTime(restarted) - started).TotalSeconds:F1} s later");
        }

        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
    }

    [Fact]
    public async Task A_transient_message_is_held_as_a_persistent_one_so_that_a_restart_of_the_broker_keeps_it()
    {
        // Ampersand publishes transient messages; a classic queue keeps only persistent ones through a restart of its node.
        Broken.Refusal = S3Refusal.Of("AccessDenied");
        var settings = Settings(("S3:HoldDelay", "00:01:00")); // it stays in the holding queue while the test takes it
        var queue = settings["Queues:Read"]!;
        await using var worker = await WorkerHost.StartAsync(settings);
        await bed.Broker.PublishAsync(queue, Examples.ReadBody, new Dictionary<string, object?> { ["destination"] = "broken" }, messageId: "transient", persistent: false);

        var held = await bed.Broker.TakeAsync(HoldingQueues.Name(queue, "broken"));

        Assert.Equal(("transient", true), (held.BasicProperties.MessageId, held.BasicProperties.Persistent));
    }

    [Fact]
    public async Task With_quorum_queues_a_message_is_held_in_a_quorum_queue_that_dead_letters_it_back_at_least_once()
    {
        // A classic holding queue lives on one node of a cluster: stopped, it takes the held messages with it while it is down.
        Broken.Refusal = S3Refusal.Of("AccessDenied");
        var settings = Settings(("Queues:Quorum", "true"));
        var (queue, holding) = (settings["Queues:Read"]!, HoldingQueues.Name(settings["Queues:Read"]!, "broken"));
        await using var worker = await WorkerHost.StartAsync(settings);
        await PublishAsync(bed.Broker, queue, [("quorum-held", "broken")]);
        await bed.Broker.WaitForCountAsync(holding, count => count > 0, "the message held");

        var arguments = await RabbitMqCluster.QueueArgumentsAsync(holding, TestBrokerNode);
        Broken.Refusal = null;

        Assert.Equal(("quorum", "at-least-once"), (arguments["x-queue-type"].GetString(), arguments["x-dead-letter-strategy"].GetString()));
        await WaitForWrittenAsync(Broken, ["quorum-held"], TimeSpan.FromSeconds(30), "the held message, back from its quorum holding queue");
    }

    [Fact]
    public async Task With_quorum_queues_a_classic_holding_queue_an_earlier_version_declared_is_used_as_it_is()
    {
        Broken.Refusal = S3Refusal.Of("AccessDenied");
        var settings = Settings(("Queues:Quorum", "true"));
        var (queue, holding) = (settings["Queues:Read"]!, HoldingQueues.Name(settings["Queues:Read"]!, "broken"));
        await bed.Broker.DeclareQueueAsync(holding, new Dictionary<string, object?> { ["x-dead-letter-exchange"] = "", ["x-dead-letter-routing-key"] = queue });
        using var captured = new CapturedTelemetry();
        await using var worker = await WorkerHost.StartAsync(settings, builder => builder.Logging.AddProvider(captured));
        await PublishAsync(bed.Broker, queue, [("classic-held", "broken")]);
        await bed.Broker.WaitForCountAsync(holding, count => count > 0, "the message held in the classic queue");
        Broken.Refusal = null;

        await WaitForWrittenAsync(Broken, ["classic-held"], TimeSpan.FromSeconds(30), "the held message, back from its classic holding queue");
        Assert.False((await RabbitMqCluster.QueueArgumentsAsync(holding, TestBrokerNode)).ContainsKey("x-queue-type"));
        Assert.Contains(captured.Lines, line => line.Contains($"Holding queue {holding} is a classic queue", StringComparison.Ordinal));
        Assert.Equal(0u, await bed.Broker.CountAsync($"{queue}_error"));
    }

    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] overrides) => bed.With(overrides).Settings;

    private static IEnumerable<string> Ids(string prefix, int count) => Enumerable.Range(0, count).Select(i => $"{prefix}-{i}");

    private static string Key(string id) => $"{Time}_{id}.json";

    private static Task<Dictionary<string, long>> PublishAsync(Broker broker, string queue, IEnumerable<(string Id, string Destination)> messages) =>
        PublishAsync(broker, queue, messages.Select(message => new[] { message }), TimeSpan.Zero);

    /// <summary>Publishes each group at once, one group per <paramref name="pace"/> (zero: all at once); returns when each message was published.</summary>
    private static async Task<Dictionary<string, long>> PublishAsync(
        Broker broker, string queue, IEnumerable<(string Id, string Destination)[]> groups, TimeSpan pace)
    {
        var published = new Dictionary<string, long>();
        using var timer = pace == TimeSpan.Zero ? null : new PeriodicTimer(pace);
        foreach (var group in groups)
        {
            foreach (var (id, destination) in group)
            {
                published[id] = TimeProvider.System.GetTimestamp();
                await broker.PublishRawAsync(queue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = destination }, messageId: id);
            }

            if (timer is not null)
            {
                await timer.WaitForNextTickAsync();
            }
        }

        return published;
    }

    private static Task WaitForWrittenAsync(S3FaultProxy proxy, IEnumerable<string> ids, TimeSpan timeout, string what)
    {
        var keys = ids.Select(Key).ToList();
        return Poll.UntilAsync(() => keys.All(proxy.Written.ContainsKey), timeout, what, seen: () => $"{keys.Count(proxy.Written.ContainsKey)} of {keys.Count} written");
    }

    private static string Latency(S3FaultProxy proxy, IEnumerable<KeyValuePair<string, long>> published)
    {
        var latencies = published.Select(entry => TimeProvider.System.GetElapsedTime(entry.Value, proxy.WrittenAt[Key(entry.Key)])).Order().ToList();
        return $"{latencies[(latencies.Count / 2) - 1].TotalMilliseconds:F0}/{latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1].TotalMilliseconds:F0} ms";
    }
}
