using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary>A worker on queues of its own writing destination <c>lake</c> to a fresh bucket, for the tool to work against.</summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private RunningWorker(S3Bucket bucket, Broker broker, WorkerHost worker, Dictionary<string, string?> settings)
    {
        Bucket = bucket;
        Broker = broker;
        Worker = worker;
        Settings = settings;
    }

    public S3Bucket Bucket { get; }

    public Broker Broker { get; }

    public WorkerHost Worker { get; }

    /// <summary>The worker's settings: the tool takes them as <c>--set</c> values (<see cref="ToolRun.Set"/>).</summary>
    public Dictionary<string, string?> Settings { get; }

    public static async Task<RunningWorker> StartAsync()
    {
        var bucket = await S3Bucket.CreateAsync();
        var settings = WorkerHost.Settings(bucket.Name);
        return new RunningWorker(bucket, await Broker.ConnectAsync(), await WorkerHost.StartAsync(settings), settings);
    }

    /// <summary>Waits for <paramref name="condition"/>, failing after 30 s with what it waited for.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Broker.DeleteQueuesAsync(Worker.ReadQueue, Worker.SubscribeQueue);
        await Broker.DisposeAsync();
        await Bucket.DisposeAsync();
    }
}
