using System.Net;
using S3Consumer.Worker.Tests.Batches;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>
/// Trouble in the middle of 500 messages: every one must end as exactly one object holding the body it was sent with,
/// none in an error queue. The S3 fault proxy sits in front of the real S3 server to count writes and to answer
/// SlowDown. While S3 or the broker is down, readiness fails saying which; it recovers by itself, and liveness stays up.
/// </summary>
[Collection(ServiceOutages.Name)]
[Trait("Category", "Fault")]
public sealed class FaultSuiteTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 500;
    private TestBed bed = null!;

    private string ReadQueue => bed.ReadQueue;

    // A short hold delay: the messages held while S3 is down come back soon after it is.
    public async Task InitializeAsync() => bed = (await TestBed.CreateAsync(withProxy: true)).With(("S3:HoldDelay", "00:00:02"));

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Worker_killed_with_SIGKILL_mid_stream_and_restarted_loses_nothing()
    {
        using (var first = await WorkerProcess.StartAsync(bed.Settings, ReadQueue))
        {
            await PublishAsync();
            await WaitForWrittenAsync(Messages / 4);
            first.Kill();
        }

        using var second = await WorkerProcess.StartAsync(bed.Settings, ReadQueue);
        await AssertNothingLostAsync("worker killed (SIGKILL) and restarted");
    }

    [Fact]
    public async Task S3_stopped_for_20_seconds_mid_stream_loses_nothing_sends_nothing_to_the_error_queue_and_fails_readiness_meanwhile()
    {
        // Destination idle takes no message and is written directly, not through the proxy: with S3 down, its entry
        // says that the endpoint does not answer, while lake's says that it is unavailable.
        bed.WithDestination("idle", bed.Bucket.Name);
        await using var worker = await StartMidStreamAsync();
        using var readiness = Readiness.Of(worker);
        await readiness.WaitForAsync((status, _) => status == HttpStatusCode.OK, "200 before the outage");

        await ServicesScript.RunAsync("stop-s3");
        var (first, last) = (await FailedPutsDuringAsync(TimeSpan.FromSeconds(5)), await FailedPutsDuringAsync(TimeSpan.FromSeconds(15)));
        var (_, down, _) = await readiness.WaitForAsync(
            (status, report) => status == HttpStatusCode.ServiceUnavailable && Readiness.Field(report, "s3:idle", "status") == "Unhealthy", "503 with S3 down");
        await ServicesScript.RunAsync("start-s3");

        await AssertNothingLostAsync("S3 stopped for 20 s", () => $"PUT attempts during the outage: {first} in the first 5 s, {last} in the last 15 s");
        await readiness.WaitForAsync((status, report) => status == HttpStatusCode.OK && report.GetProperty("status").GetString() == "Healthy", "Healthy once S3 is back");

        // Once the destination is unavailable, its messages are held in RabbitMQ and a probe goes out at most every quarter hold delay: no spinning.
        Assert.InRange(last, 0, 200);
        Assert.Equal(("Unhealthy", "Unhealthy"), (Readiness.Field(down, "s3:lake", "status"), down.GetProperty("status").GetString()));
        Assert.StartsWith("Unavailable since ", Readiness.Field(down, "s3:lake", "description"), StringComparison.Ordinal);
        Assert.StartsWith($"Its S3 endpoint {TestServices.S3Url.Scheme}://{TestServices.S3Url.Host}:{TestServices.S3Url.Port} does not answer",
            Readiness.Field(down, "s3:idle", "description"), StringComparison.Ordinal);
    }

    private async Task<long> FailedPutsDuringAsync(TimeSpan period)
    {
        var before = bed.Proxy.FailedPuts;
        await Task.Delay(period); // a measurement over the outage, not a wait for anything
        return bed.Proxy.FailedPuts - before;
    }

    [Fact]
    public async Task RabbitMQ_stopped_and_started_mid_stream_loses_nothing_and_fails_readiness_meanwhile()
    {
        await using var worker = await StartMidStreamAsync();
        using var readiness = Readiness.Of(worker);

        await ServicesScript.RunAsync("stop-rabbit");
        var (_, down, _) = await readiness.WaitForAsync((status, _) => status == HttpStatusCode.ServiceUnavailable, "503 with the broker down");
        using var live = await readiness.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        await ServicesScript.RunAsync("start-rabbit");

        await AssertNothingLostAsync("RabbitMQ stopped and started");
        await readiness.WaitForAsync((status, _) => status == HttpStatusCode.OK, "200 once the broker is back", TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(("Unhealthy", "Degraded", "Healthy"),
            (down.GetProperty("status").GetString(), Readiness.Field(down, "masstransit-bus", "status"), Readiness.Field(down, "s3:lake", "status")));
    }

    [Fact]
    public async Task S3_answering_SlowDown_to_a_third_of_the_puts_loses_nothing()
    {
        bed.Proxy.SlowDownEvery = 3;
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        await PublishAsync();

        await AssertNothingLostAsync("S3 answers 503 SlowDown to every third PUT", () => $"{bed.Proxy.RefusedPuts} PUTs refused");
        Assert.True(bed.Proxy.RefusedPuts >= Messages / 3);
    }

    /// <summary>Starts a worker in this process, publishes the messages and waits until a quarter of them is written: mid-stream.</summary>
    private async Task<WorkerHost> StartMidStreamAsync()
    {
        var worker = await WorkerHost.StartAsync(bed.Settings);
        try
        {
            await PublishAsync();
            await WaitForWrittenAsync(Messages / 4);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    private async Task PublishAsync()
    {
        for (var number = 0; number < Messages; number++)
        {
            await bed.Broker.PublishAsync(ReadQueue, number);
        }
    }

    private Task WaitForWrittenAsync(int count, int seconds = 120) =>
        Poll.UntilAsync(() => bed.Proxy.Written.Count >= count, TimeSpan.FromSeconds(seconds), $"{count:N0} keys written through the proxy",
            seen: () => $"{bed.Proxy.Written.Count:N0} keys written, {bed.Proxy.FailedPuts:N0} PUTs failed, {bed.Proxy.RefusedPuts:N0} refused");

    private async Task AssertNothingLostAsync(string scenario, Func<string>? note = null)
    {
        await WaitForWrittenAsync(Messages, seconds: 240);
        // A connection of its own: the bed's may have gone with a broker restart.
        await using var broker = await Broker.ConnectAsync();
        await broker.WaitUntilEmptyAsync(ReadQueue);

        var report = await FaultReport.TakeAsync(scenario, Messages, bed.Bucket, bed.Proxy, broker, [ReadQueue, bed.SubscribeQueue], note?.Invoke() ?? "");
        report.Print(output);
        report.AssertNothingLost();
    }
}
