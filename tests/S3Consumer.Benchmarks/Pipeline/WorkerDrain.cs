namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// B2 and B3, and the backlog's peak RSS: a worker process drains a pre-filled queue into a sink (s3rver or the
/// blackhole). The clock starts when the worker's consumer is on the queue and stops when the last object is written.
/// </summary>
internal sealed class WorkerDrain(LocalServices services, WorkerSettings worker)
{
    public async Task<Throughput> RunAsync(IObjectSink sink, int messages, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var queue = RabbitQueues.NewQueueName();
        await using var rabbit = await RabbitQueues.ConnectAsync(services.RabbitHost);
        try
        {
            await rabbit.FillAsync(queue, messages, body);
            await using var process = WorkerProcess.Start(worker, queue, sink);
            await process.WaitUntilConsumingAsync(rabbit);
            var meter = CpuMeter.Start(("worker", process.Pid), ("broker", LocalServices.BrokerPid()), sink.Process);
            var started = DateTime.UtcNow;
            await process.WaitForObjectsAsync(sink, messages, Poll.For(messages));
            var cpu = meter.Stop();
            return new Throughput(messages, sink.LastWrittenAt() - started, cpu, process.PeakRssBytes);
        }
        finally
        {
            await rabbit.DeleteAsync(queue, $"{queue}-subscribe");
        }
    }
}
