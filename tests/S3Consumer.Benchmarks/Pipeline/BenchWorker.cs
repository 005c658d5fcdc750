namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>A worker process consuming a fresh, empty queue and writing to the caller's sink; the queue and the process removed at the end.</summary>
internal sealed class BenchWorker : IAsyncDisposable
{
    private BenchWorker(string queue, Broker broker, WorkerProcess process)
    {
        Queue = queue;
        Broker = broker;
        Process = process;
    }

    public string Queue { get; }

    public Broker Broker { get; }

    public WorkerProcess Process { get; }

    /// <summary>Starts the worker and waits until it consumes, so that what is published from then on is taken at once.</summary>
    public static async Task<BenchWorker> StartAsync(LocalServices services, WorkerSettings settings, IObjectSink sink)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var queue = BenchMessages.NewQueueName();
        var broker = await Broker.ConnectAsync(services.RabbitHost);
        await broker.DeclareQueueAsync(queue);
        var worker = new BenchWorker(queue, broker, settings.Start(queue, sink));
        try
        {
            await worker.Process.WaitForConsumerAsync(broker, queue);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Broker.DeleteQueuesAsync(Queue, $"{Queue}-subscribe");
        await Broker.DisposeAsync();
    }
}
