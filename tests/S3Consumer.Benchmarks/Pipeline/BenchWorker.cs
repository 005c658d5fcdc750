namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>A worker process consuming a fresh, empty queue and writing to a fresh s3rver bucket; all of it removed at the end.</summary>
internal sealed class BenchWorker : IAsyncDisposable
{
    private BenchWorker(string queue, S3rverBucket bucket, Broker broker, WorkerProcess process)
    {
        Queue = queue;
        Bucket = bucket;
        Broker = broker;
        Process = process;
    }

    public string Queue { get; }

    public S3rverBucket Bucket { get; }

    public Broker Broker { get; }

    public WorkerProcess Process { get; }

    /// <summary>Starts the worker and waits until it consumes, so that what is published from then on is taken at once.</summary>
    public static async Task<BenchWorker> StartAsync(LocalServices services, WorkerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var queue = BenchMessages.NewQueueName();
        var bucket = await S3rverBucket.CreateAsync(services);
        var broker = await Broker.ConnectAsync(services.RabbitHost);
        await broker.DeclareQueueAsync(queue);
        var worker = new BenchWorker(queue, bucket, broker, settings.Start(queue, bucket));
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
        await Bucket.DisposeAsync();
    }
}
