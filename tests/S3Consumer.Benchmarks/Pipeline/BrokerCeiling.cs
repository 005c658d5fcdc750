using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// B1, the broker ceiling: a raw RabbitMQ.Client consumer with the worker's prefetch drains a pre-filled queue,
/// acknowledging each message one by one as MassTransit does, and doing nothing else.
/// </summary>
internal sealed class BrokerCeiling(string rabbitHost, ushort prefetch)
{
    public async Task<Throughput> RunAsync(int messages, byte[] body, int brokerPid)
    {
        var queue = BenchMessages.NewQueueName();
        await using var broker = await Broker.ConnectAsync(rabbitHost);
        try
        {
            await BenchMessages.FillAsync(broker, queue, messages, body);
            return await ConsumeAsync(queue, messages, brokerPid);
        }
        finally
        {
            await broker.DeleteQueuesAsync(queue);
        }
    }

    private async Task<Throughput> ConsumeAsync(string queue, int messages, int brokerPid)
    {
        await using var connection = await Broker.OpenConnectionAsync(rabbitHost);
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, prefetch, global: false);
        var (acked, all) = (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref acked) == messages)
            {
                all.TrySetResult();
            }
        };

        var meter = CpuMeter.Start(("broker", brokerPid), ("harness", Environment.ProcessId));
        var watch = Stopwatch.StartNew();
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        await all.Task.WaitAsync(Poll.For(messages));
        var throughput = new Throughput(messages, watch.Elapsed, meter.Stop());
        await channel.BasicCancelAsync(tag);
        return throughput;
    }
}
