namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>The worker's peak RSS while it writes one large message to s3rver, from start to the object written.</summary>
internal sealed class BigMessageMemory(LocalServices services, WorkerSettings worker)
{
    public async Task<MemoryUse> RunAsync(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var queue = RabbitQueues.NewQueueName();
        using var bucket = await S3rverBucket.CreateAsync(services);
        await using var rabbit = await RabbitQueues.ConnectAsync(services.RabbitHost);
        try
        {
            await rabbit.DeclareAsync(queue);
            await using var process = WorkerProcess.Start(worker, queue, bucket);
            await process.WaitUntilConsumingAsync(rabbit);
            var idle = process.RssBytes;
            var messageId = BenchMessages.MessageId(0);
            await rabbit.PublishAsync(queue, body, messageId);
            try
            {
                await process.WaitForObjectsAsync(bucket, 1, TimeSpan.FromSeconds(60 + (Text.Megabytes(body.Length) / 2)));
            }
            catch (TimeoutException error)
            {
                throw new TimeoutException(
                    $"No object, and {await rabbit.MessagesAsync(queue)} message(s) ready in {queue}. If the broker's log shows the worker's " +
                    "connection closed again and again, the message is over RabbitMQ.Client's MaxInboundMessageBodySize (64 MiB unless " +
                    $"MassTransit's host MaxMessageSize raises it). {error.Message}", error);
            }

            var length = bucket.ObjectLength(BenchMessages.Key(messageId));
            return length == body.Length
                ? new MemoryUse(body.Length, idle, process.PeakRssBytes)
                : throw new InvalidOperationException($"The object has {length:N0} bytes; the message had {body.Length:N0}.");
        }
        finally
        {
            await rabbit.DeleteAsync(queue, $"{queue}-subscribe");
        }
    }
}

/// <summary>The worker's RSS when idle after start, and its peak, against the size of the message it wrote.</summary>
internal sealed record MemoryUse(long PayloadBytes, long IdleRssBytes, long PeakRssBytes)
{
    public double PeakPerPayload => (double)PeakRssBytes / PayloadBytes;

    public string Describe() => Text.Invariant(
        $"{Text.Megabytes(PayloadBytes):N0} MB message: idle RSS {Text.Megabytes(IdleRssBytes):N0} MB, peak {Text.Megabytes(PeakRssBytes):N0} MB = {PeakPerPayload:N2}x the payload");
}
