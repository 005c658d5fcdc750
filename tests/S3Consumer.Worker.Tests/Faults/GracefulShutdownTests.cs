using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>On SIGTERM, writes in flight finish and are acknowledged; nothing half-done is acknowledged.</summary>
[Collection(RealServices.Name)]
[Trait("Category", "Fault")]
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 200;
    private S3Bucket bucket = null!;
    private S3FaultProxy proxy = null!;
    private Dictionary<string, string?> settings = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        proxy = await S3FaultProxy.StartAsync();
        proxy.PutDelay = TimeSpan.FromSeconds(2);
        settings = WorkerHost.Settings(bucket.Name, ("Destinations:lake:ServiceUrl", proxy.Url.ToString()), ("Queues:ConcurrentMessageLimit", "16"));
    }

    public async Task DisposeAsync()
    {
        await using (var broker = await Broker.ConnectAsync())
        {
            await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        }

        await proxy.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task SIGTERM_lets_writes_in_flight_finish_and_returns_the_rest_to_the_queue()
    {
        await using var broker = await Broker.ConnectAsync();
        using var worker = await WorkerProcess.StartAsync(settings, settings["Queues:Read"]!);
        for (var i = 0; i < Messages; i++)
        {
            await broker.PublishRawAsync(settings["Queues:Read"]!, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: $"term-{i}");
        }

        // Stop while a second round of writes is held by the slow S3: those must finish, the rest wait in the queue.
        await worker.WaitUntilAsync(() => Task.FromResult(Interlocked.Read(ref proxy.StartedPuts) > 16), TimeSpan.FromSeconds(60),
            "a second round of writes to start", TimeSpan.FromMilliseconds(50), () => $"{Interlocked.Read(ref proxy.StartedPuts)} PUTs started");

        var inFlight = Interlocked.Read(ref proxy.StartedPuts);
        await worker.TerminateAsync();

        var written = (await bucket.KeysAsync()).Count;
        var waiting = await broker.CountAsync(settings["Queues:Read"]!);
        output.WriteLine($"SIGTERM: {written} written and acknowledged, {waiting} back in the queue, exit code {worker.ExitCode}");

        Assert.Equal(0, worker.ExitCode);
        Assert.InRange(written, inFlight, Messages - 1);
        Assert.Equal(Messages, written + (int)waiting);
        Assert.Equal(0u, await broker.CountAsync($"{settings["Queues:Read"]}_error"));
    }
}
