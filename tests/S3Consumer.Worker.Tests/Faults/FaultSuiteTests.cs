namespace S3Consumer.Worker.Tests.Faults;

/// <summary>
/// Trouble in the middle of 2,000 messages: every one must end as exactly one object, none in an error queue.
/// The S3 fault proxy sits in front of the real S3 server to count writes and to answer SlowDown.
/// </summary>
[Collection(RealServices.Name)]
[Trait("Category", "Fault")]
public sealed class FaultSuiteTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 2000;
    private TestBed bed = null!;
    private string[] expectedKeys = [];

    private string ReadQueue => bed.ReadQueue;

    public async Task InitializeAsync() => bed = await TestBed.CreateAsync(withProxy: true);

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
    public async Task S3_stopped_for_20_seconds_mid_stream_loses_nothing_and_sends_nothing_to_the_error_queue()
    {
        await using var worker = await StartMidStreamAsync();

        await ServicesScript.RunAsync("stop-s3");
        var (first, last) = (await FailedPutsDuringAsync(TimeSpan.FromSeconds(5)), await FailedPutsDuringAsync(TimeSpan.FromSeconds(15)));
        await ServicesScript.RunAsync("start-s3");

        await AssertNothingLostAsync("S3 stopped for 20 s", () => $"PUT attempts during the outage: {first} in the first 5 s, {last} in the last 15 s");

        // Once the destination is unavailable, its messages are held in RabbitMQ and only one probe per hold delay goes out: no spinning.
        Assert.InRange(last, 0, 200);
    }

    private async Task<long> FailedPutsDuringAsync(TimeSpan period)
    {
        var before = Interlocked.Read(ref bed.Proxy.FailedPuts);
        await Task.Delay(period);
        return Interlocked.Read(ref bed.Proxy.FailedPuts) - before;
    }

    [Fact]
    public async Task RabbitMQ_stopped_and_started_mid_stream_loses_nothing()
    {
        await using var worker = await StartMidStreamAsync();

        await ServicesScript.RunAsync("stop-rabbit");
        await ServicesScript.RunAsync("start-rabbit");

        await AssertNothingLostAsync("RabbitMQ stopped and started");
    }

    [Fact]
    public async Task S3_answering_SlowDown_to_a_third_of_the_puts_loses_nothing()
    {
        bed.Proxy.SlowDownEvery = 3;
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        await PublishAsync();

        await AssertNothingLostAsync("S3 answers 503 SlowDown to every third PUT", () => $"{Interlocked.Read(ref bed.Proxy.RefusedPuts)} PUTs refused");
        Assert.True(Interlocked.Read(ref bed.Proxy.RefusedPuts) >= Messages / 3);
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
        var run = Guid.NewGuid().ToString("N")[..6];
        expectedKeys = Enumerable.Range(0, Messages).Select(i => $"2025-10-14T02:58:59.323405308Z_{run}-{i}.json").ToArray();
        for (var i = 0; i < Messages; i++)
        {
            await bed.Broker.PublishRawAsync(ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: $"{run}-{i}");
        }
    }

    private Task WaitForWrittenAsync(int count, int seconds = 120) =>
        Poll.UntilAsync(() => bed.Proxy.Written.Count >= count, TimeSpan.FromSeconds(seconds), $"{count:N0} keys written through the proxy",
            seen: () => $"{bed.Proxy.Written.Count:N0} keys written, {Interlocked.Read(ref bed.Proxy.FailedPuts):N0} PUTs failed, {Interlocked.Read(ref bed.Proxy.RefusedPuts):N0} refused");

    private async Task AssertNothingLostAsync(string scenario, Func<string>? note = null)
    {
        await WaitForWrittenAsync(Messages, seconds: 240);
        // A connection of its own: the bed's may have gone with a broker restart.
        await using var broker = await Broker.ConnectAsync();
        await broker.WaitUntilEmptyAsync(ReadQueue);

        var keys = (await bed.Bucket.KeysAsync()).ToHashSet();
        var report = new FaultReport(
            scenario,
            Messages,
            keys.Count,
            Lost: expectedKeys.Count(key => !keys.Contains(key)),
            WrittenAgain: bed.Proxy.Written.Values.Count(puts => puts > 1),
            Unexpected: keys.Count(key => !expectedKeys.Contains(key)),
            InErrorQueues: await broker.CountAsync($"{ReadQueue}_error") + await broker.CountAsync($"{bed.SubscribeQueue}_error"),
            note?.Invoke() ?? "");
        report.Print(output);

        Assert.Equal((0, 0, 0u), (report.Lost, report.Unexpected, report.InErrorQueues));
    }
}
