namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>What the benchmark waits for from a worker process.</summary>
internal static class WorkerProcessExtensions
{
    /// <summary>
    /// Waits until the sink's objects hold <paramref name="messages"/> messages (one per object, or a batch's count),
    /// failing early if the worker dies.
    /// </summary>
    public static Task WaitForMessagesAsync(this WorkerProcess worker, IObjectSink sink, int messages, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(sink);
        return worker.WaitUntilAsync(() => Task.FromResult(sink.Written().Messages >= messages), timeout, $"{messages:N0} messages in objects in {sink.Bucket}",
            sink.CountInterval, () => Text.Invariant($"{sink.Written().Messages:N0} messages in {sink.Written().Objects:N0} objects"));
    }

    /// <summary>The worker's peak resident set size so far.</summary>
    public static long PeakRssBytes(this WorkerProcess worker) => ProcFs.PeakRssBytes(worker?.Pid ?? throw new ArgumentNullException(nameof(worker)));
}
