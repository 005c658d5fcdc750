namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>What the benchmark waits for from a worker process.</summary>
internal static class WorkerProcessExtensions
{
    /// <summary>Waits until the sink holds <paramref name="count"/> objects, failing early if the worker dies.</summary>
    public static Task WaitForObjectsAsync(this WorkerProcess worker, IObjectSink sink, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(sink);
        return worker.WaitUntilAsync(() => Task.FromResult(sink.Count() >= count), timeout, $"{count:N0} objects in {sink.Bucket}", sink.CountInterval,
            () => $"{sink.Count():N0} objects");
    }

    /// <summary>The worker's peak resident set size so far.</summary>
    public static long PeakRssBytes(this WorkerProcess worker) => ProcFs.PeakRssBytes(worker?.Pid ?? throw new ArgumentNullException(nameof(worker)));
}
