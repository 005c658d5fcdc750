namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>The worker's peak RSS while it writes one large message to s3rver, from start to the object written.</summary>
internal sealed class BigMessageMemory(LocalServices services, WorkerSettings settings)
{
    public async Task<MemoryUse> RunAsync(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        await using var bucket = await S3rverBucket.CreateAsync(services);
        await using var worker = await BenchWorker.StartAsync(services, settings, bucket);
        var idle = ProcFs.RssBytes(worker.Process.Pid);
        await BenchMessages.PublishAsync(worker.Broker, worker.Queue, body, 0);
        try
        {
            await worker.Process.WaitForMessagesAsync(bucket, 1, TimeSpan.FromSeconds(60 + (Text.Megabytes(body.Length) / 2)));
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException(
                $"No object, and {await worker.Broker.CountAsync(worker.Queue)} message(s) ready in {worker.Queue}. If the broker's log shows the worker's " +
                "connection closed again and again, the message is over RabbitMQ.Client's MaxInboundMessageBodySize (64 MiB unless " +
                $"MassTransit's host MaxMessageSize raises it). {error.Message}", error);
        }

        var length = bucket.ObjectLength(BenchMessages.Key(BenchMessages.MessageId(0)));
        return length == body.Length
            ? new MemoryUse(body.Length, idle, worker.Process.PeakRssBytes())
            : throw new InvalidOperationException($"The object has {length:N0} bytes; the message had {body.Length:N0}.");
    }
}

/// <summary>The worker's RSS when idle after start, and its peak, against the size of the message it wrote.</summary>
internal sealed record MemoryUse(long PayloadBytes, long IdleRssBytes, long PeakRssBytes)
{
    public double PeakPerPayload => (double)PeakRssBytes / PayloadBytes;

    public string Describe() => Text.Invariant(
        $"{Text.Megabytes(PayloadBytes):N0} MB message: idle RSS {Text.Megabytes(IdleRssBytes):N0} MB, peak {Text.Megabytes(PeakRssBytes):N0} MB = {PeakPerPayload:N2}x the payload");
}
