using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Delivery;

/// <summary>
/// Destinations that refuse every write, on the real broker and S3 server: their messages are held in holding queues
/// (never in an error queue, never lost, never in the healthy destinations' way) and written once they take writes again.
/// <c>lake</c> writes through one fault proxy (to time its writes), <c>broken</c> through another that plays the fault.
/// </summary>
[Collection(RealServices.Name)]
public sealed class UnavailableDestinationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Time = "2025-10-14T02:58:59.323405308Z";
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);
    private readonly List<string> queues = [];
    private S3Bucket bucket = null!;
    private S3FaultProxy healthy = null!;
    private S3FaultProxy broken = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        healthy = await S3FaultProxy.StartAsync();
        broken = await S3FaultProxy.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await using (var broker = await Broker.ConnectAsync())
        {
            foreach (var queue in queues)
            {
                await broker.DeleteQueuesAsync(queue);
                await broker.DeleteHoldingQueuesAsync(queue, "broken", "lake");
            }
        }

        await healthy.DisposeAsync();
        await broken.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task A_destination_that_drops_every_connection_holds_its_messages_out_of_the_healthy_ones_way()
    {
        broken.DropConnections = true;
        var settings = Settings(("Queues:ConcurrentMessageLimit", "8"), ("Queues:PrefetchCount", "16"), ("S3:MaxConnections", "16"), ("S3:HoldDelay", "00:00:05"));
        var queue = settings["Queues:Read"]!;
        await using var worker = await WorkerHost.StartAsync(settings);
        using var readiness = Readiness.Of(worker);
        await using var broker = await Broker.ConnectAsync();

        // The healthy messages at the same pace (50 a second) in both runs, so that their latency is the worker's, not a
        // backlog's; after one message has warmed the worker and its S3 client up.
        await PublishAsync(broker, queue, [("warm-up", "lake")]);
        await WaitForWrittenAsync(healthy, ["warm-up"], TimeSpan.FromSeconds(30), "the first message");
        var alone = await PublishAsync(broker, queue, Ids("alone", 200).Select(id => new[] { (id, "lake") }), Pace);
        await WaitForWrittenAsync(healthy, alone.Keys, TimeSpan.FromSeconds(60), "the healthy destination's messages, alone");
        var (healthyIds, brokenIds) = (Ids("healthy", 200).ToList(), Ids("broken", 200).ToList());
        var mixed = await PublishAsync(broker, queue, healthyIds.Zip(brokenIds).Select(pair => new[] { (pair.First, "lake"), (pair.Second, "broken") }), Pace);
        await WaitForWrittenAsync(healthy, healthyIds, TimeSpan.FromSeconds(60), "the healthy destination's messages, beside the broken one");

        output.WriteLine($"publish-to-object p50/p99 of 200 healthy messages, 50 a second: {Latency(healthy, alone)} alone, " +
                         $"{Latency(healthy, mixed.Where(entry => healthyIds.Contains(entry.Key)))} beside 200 for a destination that drops connections");
        var (status, report, _) = await readiness.WaitForAsync(
            (_, report) => Readiness.Field(report, "s3:broken", "code") == "ConnectionFailure", "s3:broken unavailable with ConnectionFailure");
        Assert.Equal((HttpStatusCode.OK, "Degraded", "Healthy", "Unhealthy"),
            (status, report.GetProperty("status").GetString(), Readiness.Field(report, "s3:lake", "status"), Readiness.Field(report, "s3:broken", "status")));
        await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count > 0, "held messages");
        Assert.Empty(broken.Written);
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));

        broken.DropConnections = false;
        var fixedAt = TimeProvider.System.GetTimestamp();
        await WaitForWrittenAsync(broken, brokenIds, TimeSpan.FromSeconds(60), "the held messages, once their destination answers");
        output.WriteLine($"all 200 held messages written {TimeProvider.System.GetElapsedTime(fixedAt).TotalSeconds:F1} s after the destination answered again");

        await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count == 0, "no message left");
        await readiness.WaitForAsync((code, report) => code == HttpStatusCode.OK && report.GetProperty("status").GetString() == "Healthy", "Healthy once recovered");
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
        Assert.All(broken.Written.Values, puts => Assert.Equal(1, puts));
    }

    [Fact]
    public async Task A_wrong_access_key_id_holds_every_message_until_the_key_is_fixed()
    {
        // s3rver itself answers 403 InvalidAccessKeyId. Fixed by a restart with the right key until the configuration reloads.
        var settings = Settings(("Destinations:broken:ServiceUrl", TestServices.S3Url.ToString()), ("Destinations:broken:AccessKeyId", "NOT-S3RVER"), ("S3:HoldDelay", "00:00:20"));
        var queue = settings["Queues:Read"]!;
        await using var broker = await Broker.ConnectAsync();
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
            Assert.Empty(await bucket.KeysAsync());
        }

        settings["Destinations:broken:AccessKeyId"] = TestServices.S3Key;
        await using (await WorkerHost.StartAsync(settings))
        {
            await WaitAsync(async () => (await bucket.KeysAsync()).Count == 100, TimeSpan.FromSeconds(60), "all 100 written with the right key",
                async () => $"{(await bucket.KeysAsync()).Count} written, {await broker.CountAsync(queue)} in the queue, {await broker.CountAsync(HoldingQueues.Name(queue, "broken"))} held");
        }

        Assert.Equal(ids.Select(Key).Order(), (await bucket.KeysAsync()).Order());
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
    }

    [Theory]
    [InlineData("ExpiredToken")]
    [InlineData("AccessDenied")]
    [InlineData("NoSuchBucket")]
    [InlineData("PermanentRedirect")]
    public async Task A_destination_wide_refusal_holds_the_messages_until_it_is_fixed(string code)
    {
        // NoSuchBucket is s3rver's own answer for a bucket that does not exist yet; the others are the proxy's.
        var missing = $"it-missing-{Guid.NewGuid():N}"[..24];
        var settings = code == "NoSuchBucket" ? Settings(("Destinations:broken:Bucket", missing)) : Settings();
        broken.Refusal = code == "NoSuchBucket" ? null : S3Refusal.Of(code);
        var queue = settings["Queues:Read"]!;
        await using var worker = await WorkerHost.StartAsync(settings);
        using var readiness = Readiness.Of(worker);
        await using var broker = await Broker.ConnectAsync();
        var ids = Ids(code, 20).ToList();
        await PublishAsync(broker, queue, ids.Select(id => (id, "broken")));

        await readiness.WaitForAsync((_, report) => Readiness.Field(report, "s3:broken", "code") == code, $"s3:broken unavailable with {code}");
        await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count > 0, "held messages");
        Assert.Empty(broken.Written);
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));

        if (code == "NoSuchBucket")
        {
            await bucket.Client.PutBucketAsync(missing);
        }

        broken.Refusal = null;
        await WaitForWrittenAsync(broken, ids, TimeSpan.FromSeconds(60), $"the held messages after {code} was fixed");
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
        if (code == "NoSuchBucket")
        {
            foreach (var id in ids)
            {
                await bucket.Client.DeleteObjectAsync(missing, Key(id));
            }

            await bucket.Client.DeleteBucketAsync(missing);
        }
    }

    [Fact]
    public async Task A_server_whose_clock_is_20_minutes_ahead_is_written_without_any_fix()
    {
        broken.ClockOffset = TimeSpan.FromMinutes(20);
        var settings = Settings();
        var queue = settings["Queues:Read"]!;
        using var captured = new CapturedTelemetry();
        await using var worker = await WorkerHost.StartAsync(settings, builder => builder.Logging.AddProvider(captured));
        await using var broker = await Broker.ConnectAsync();
        var ids = Ids("skew", 20).ToList();
        await PublishAsync(broker, queue, ids.Select(id => (id, "broken")));

        await WaitForWrittenAsync(broken, ids, TimeSpan.FromSeconds(30), "the messages, signed with the server's clock");
        Assert.InRange(Interlocked.Read(ref broken.SkewRefusals), 1, 20);
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
        Assert.Contains(captured.Lines, line => System.Text.RegularExpressions.Regex.IsMatch(
            line, @"Destination broken: S3 refused a request as signed at the wrong time \(RequestTimeTooSkewed\); its clock is 00:(19:5|20:0)"));
    }

    [Fact]
    public async Task A_message_held_for_longer_than_S3_MaxUnavailable_goes_to_the_error_queue_saying_so()
    {
        broken.Refusal = S3Refusal.Of("AccessDenied");
        var settings = Settings(("S3:MaxUnavailable", "1.00:00:00"));
        var queue = settings["Queues:Read"]!;
        await using var worker = await WorkerHost.StartAsync(settings);
        await using var broker = await Broker.ConnectAsync();
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
        broken.Refusal = S3Refusal.Of("InvalidAccessKeyId");
        var settings = Settings(("S3:HoldDelay", "00:00:03"));
        var queue = settings["Queues:Read"]!;
        await using var broker = await Broker.ConnectAsync();
        var ids = Ids("kill", 50).ToList();
        using (var first = await WorkerProcess.StartAsync(settings, queue))
        {
            await PublishAsync(broker, queue, ids.Select(id => (id, "broken")));
            await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count == 50, "all 50 messages held");

            // A measurement, not a wait: the CPU the worker uses while only held messages come and go, once the
            // code they run is compiled (after two trips through the holding queue).
            await Task.Delay(TimeSpan.FromSeconds(6));
            var cpu = first.CpuTime;
            await Task.Delay(TimeSpan.FromSeconds(6));
            output.WriteLine($"CPU while 50 held messages wait (hold delay 3 s): {(first.CpuTime - cpu).TotalSeconds / 6:F3} cores");
            first.Kill();
        }

        using (var second = await WorkerProcess.StartAsync(settings, queue))
        {
            await broker.WaitForCountAsync(HoldingQueues.Name(queue, "broken"), count => count > 0, "held messages after the restart");
            await second.TerminateAsync();
            Assert.True(second.ExitCode == 0, $"The worker exited with {second.ExitCode} on SIGTERM: {string.Join('\n', second.Output.TakeLast(40))}");
        }

        // A message whose copy was confirmed but whose acknowledgement was cut off by the stop is there twice: never lost.
        await WaitAsync(async () => await broker.CountAsync(queue) + await broker.CountAsync(HoldingQueues.Name(queue, "broken")) >= 50,
            TimeSpan.FromSeconds(10), "all 50 messages in the queue or its holding queue after SIGTERM",
            async () => $"{await broker.CountAsync(queue)} in the queue, {await broker.CountAsync(HoldingQueues.Name(queue, "broken"))} held");
        Assert.Empty(broken.Written);

        broken.Refusal = null;
        using (await WorkerProcess.StartAsync(settings, queue))
        {
            await WaitForWrittenAsync(broken, ids, TimeSpan.FromSeconds(60), "the held messages after the restarts");
        }

        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] overrides)
    {
        var settings = WorkerHost.Settings(bucket.Name,
        [
            ("Destinations:lake:ServiceUrl", healthy.Url.ToString()),
            .. WorkerHost.Destination("broken", bucket.Name).Select(setting => (setting.Key, setting.Value!)),
            ("Destinations:broken:ServiceUrl", broken.Url.ToString()),
            ("S3:HoldDelay", "00:00:02"),
            .. overrides,
        ]);
        queues.Add(settings["Queues:Read"]!);
        queues.Add(settings["Queues:Subscribe"]!);
        return settings;
    }

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
        return WaitAsync(() => Task.FromResult(keys.All(proxy.Written.ContainsKey)), timeout, $"{what} ({keys.Count(proxy.Written.ContainsKey)} of {keys.Count} so far)");
    }

    private static string Latency(S3FaultProxy proxy, IEnumerable<KeyValuePair<string, long>> published)
    {
        var latencies = published.Select(entry => TimeProvider.System.GetElapsedTime(entry.Value, proxy.WrittenAt[Key(entry.Key)])).Order().ToList();
        return $"{latencies[(latencies.Count / 2) - 1].TotalMilliseconds:F0}/{latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1].TotalMilliseconds:F0} ms";
    }

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan timeout, string what, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {timeout.TotalSeconds} s for {what}{(describe is null ? "" : $" ({await describe()})")}.");
            await Task.Delay(200);
        }
    }
}
