namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// B2-B4, and the backlog's peak RSS: a worker process drains a pre-filled queue into a sink (s3rver or the blackhole).
/// The clock, the CPU meter and the allocation count start at the last moment the queue was seen without a consumer,
/// so before the worker could take a message, and stop when the objects hold every message.
/// </summary>
internal sealed class WorkerDrain(LocalServices services, WorkerSettings worker)
{
    public async Task<Throughput> RunAsync(IObjectSink sink, int messages, byte[] body, Partitioning? partitions = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var queue = BenchMessages.NewQueueName();
        await using var broker = await Broker.ConnectAsync(services.RabbitHost);
        try
        {
            await BenchMessages.FillAsync(broker, queue, messages, body, partitions);
            var brokerPid = LocalServices.BrokerPid();
            await using var process = worker.Start(queue, sink);
            // Attached before the worker consumes: a process's diagnostic port opens as its runtime starts, long before its bus does.
            await using var allocation = await AllocationMeter.AttachAsync(process.Pid);
            CpuMeter Meter() => CpuMeter.Start(("worker", process.Pid), ("broker", brokerPid), sink.Process);
            // A worker can drain a small queue between two looks, so the run starts at the last look that saw no consumer;
            // until the first look, it starts now, as a process just spawned takes nothing yet.
            var (meter, started) = (Meter(), DateTime.UtcNow);
            await process.WaitUntilAsync(
                async () =>
                {
                    var (before, at) = (Meter(), DateTime.UtcNow);
                    if (await broker.ConsumerCountAsync(queue) > 0)
                    {
                        return true;
                    }

                    (meter, started) = (before, at);
                    return false;
                },
                TimeSpan.FromSeconds(60), $"the worker to consume {queue}", TimeSpan.FromMilliseconds(5));
            await process.WaitForMessagesAsync(sink, messages, Poll.For(messages));
            var cpu = meter.Stop();
            var ended = sink.LastWrittenAt();
            return new Throughput(
                messages, ended - started, cpu, process.PeakRssBytes(), sink.Written(), await allocation.StopAsync(started, ended), process.RaisedLimits(queue));
        }
        finally
        {
            await broker.DeleteQueuesAsync(queue, $"{queue}-subscribe");
        }
    }
}
