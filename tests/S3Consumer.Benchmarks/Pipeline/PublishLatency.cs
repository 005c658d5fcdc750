using System.Diagnostics;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// Publish to object under a steady load: messages go out at a fixed rate to a running worker writing to the
/// blackhole; each one's latency is when the blackhole had its PUT's body whole less when it was published, both read
/// from this process's <see cref="Stopwatch"/>. Messages of the first seconds warm the worker up and are not counted.
/// </summary>
internal sealed class PublishLatency(LocalServices services, WorkerSettings settings)
{
    public async Task<Latency> RunAsync(double rate, TimeSpan duration, TimeSpan warmUp, byte[] body)
    {
        var total = (int)Math.Clamp(rate * duration.TotalSeconds, 1, 1_000_000);
        await using var blackhole = await Blackhole.StartAsync();
        await using var worker = await BenchWorker.StartAsync(services, settings, blackhole);
        var published = new long[total];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            if (TimeSpan.FromSeconds(i / rate) - clock.Elapsed is { Ticks: > 0 } ahead)
            {
                await Task.Delay(ahead);
            }

            published[i] = Stopwatch.GetTimestamp();
            await BenchMessages.PublishAsync(worker.Broker, worker.Queue, body, i);
        }

        var sent = total / clock.Elapsed.TotalSeconds;
        await worker.Process.WaitForMessagesAsync(blackhole, total, Poll.For(total));
        var latencies = Enumerable.Range(0, total)
            .Where(i => Stopwatch.GetElapsedTime(published[0], published[i]) >= warmUp)
            .Select(i => Stopwatch.GetElapsedTime(published[i], blackhole.ReceivedAt(BenchMessages.Key(BenchMessages.MessageId(i)))).TotalMilliseconds)
            .Order()
            .ToArray();
        return new Latency(sent, latencies);
    }
}

/// <summary>Publish-to-object latencies in milliseconds, sorted, at the rate messages actually went out.</summary>
internal sealed record Latency(double Rate, double[] Milliseconds)
{
    public double Percentile(double fraction) => Milliseconds[(int)Math.Clamp(Math.Ceiling(fraction * Milliseconds.Length) - 1, 0, Milliseconds.Length - 1)];

    public string Describe() =>
        Text.Invariant($"{Milliseconds.Length,7:N0} at {Rate,5:N0}/s: p50 {Percentile(0.5),6:N1} ms, p99 {Percentile(0.99),6:N1} ms, max {Milliseconds[^1],6:N1} ms");
}
