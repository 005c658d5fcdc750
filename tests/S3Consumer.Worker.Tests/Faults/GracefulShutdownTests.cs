using S3Consumer.Worker.Tests.Batches;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>On SIGTERM, writes in flight finish and are acknowledged; nothing half-done is acknowledged.</summary>
[Collection(RealServices.Name)]
[Trait("Category", "Fault")]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SIGTERM_lets_writes_in_flight_finish_and_returns_the_rest_to_the_queue()
    {
        const int Messages = 200;
        await using var bed = (await TestBed.CreateAsync(withProxy: true)).With(("Queues:ConcurrentMessageLimit", "16"));
        bed.Proxy.PutDelay = TimeSpan.FromSeconds(2);
        using var worker = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);
        for (var number = 0; number < Messages; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number);
        }

        // Stop while a second round of writes is held by the slow S3: those must finish, the rest wait in the queue.
        await worker.WaitUntilAsync(() => Task.FromResult(bed.Proxy.StartedPuts > 16), TimeSpan.FromSeconds(60),
            "a second round of writes to start", TimeSpan.FromMilliseconds(50), () => $"{bed.Proxy.StartedPuts} PUTs started");

        var inFlight = bed.Proxy.StartedPuts;
        await worker.TerminateAsync();

        // Each message is written (and so acknowledged) or back in the queue, never both, none missing; each object holds its own body.
        var report = await FaultReport.TakeAsync("SIGTERM during slow writes", Messages, bed.Bucket, bed.Proxy, bed.Broker, [bed.ReadQueue]);
        var written = Enumerable.Range(0, Messages).Where(number => bed.Proxy.Written.ContainsKey(FaultReport.Key(number))).ToHashSet();
        var waiting = (await bed.Broker.TakeAllAsync(bed.ReadQueue)).Select(message => message.BasicProperties.MessageId).ToList();
        output.WriteLine($"SIGTERM: {written.Count} written and acknowledged, {waiting.Count} back in the queue, exit code {worker.ExitCode}");

        Assert.Equal(0, worker.ExitCode);
        Assert.InRange(written.Count, inFlight, Messages - 1);
        Assert.Equal(Enumerable.Range(0, Messages).Where(number => !written.Contains(number)).Select(BatchBodies.EventId), waiting.Order(StringComparer.Ordinal));
        Assert.Equal((report.Written, 0, 0, 0u), (written.Count, report.Changed, report.Unexpected, report.InErrorQueues));
    }

    [Fact]
    public async Task SIGTERM_while_the_worker_still_starts_stops_it_cleanly()
    {
        // A broker that does not answer holds the start in the bus's first connection, where an orchestrator's stop
        // (a rollout, a scale-in) can come; no queue is declared, so none is left.
        var settings = WorkerHost.Settings("unused-bucket", ("RabbitMq:Port", "1"));
        using var worker = WorkerProcess.Start(settings);
        await worker.WaitUntilAsync(() => Task.FromResult(worker.Output.Any(line => line.Contains("Connection Failed", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the worker to be starting, its bus trying to reach the broker");

        await worker.TerminateAsync();

        var log = string.Join('\n', worker.Output.TakeLast(30));
        Assert.True(worker.ExitCode == 0, $"The worker exited with {worker.ExitCode} on SIGTERM while starting: {log}");
        Assert.DoesNotContain(worker.Output, line => line.Contains("Unhandled exception", StringComparison.Ordinal));
    }
}
