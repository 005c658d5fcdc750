namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// A worker process's RSS, threads and handles after its warm-up against the end of the traffic: each the mean over a
/// minute of samples, so that one large message in flight does not decide it.
/// </summary>
internal sealed record ResourceTrend(WorkerRun Run, (double Rss, double Threads, double Handles) Early, (double Rss, double Threads, double Handles) Late, double PeakRss)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The trend of a process that ran for its warm-up and two minutes more before <paramref name="until"/>; null for a shorter one.</summary>
    public static ResourceTrend? Of(WorkerRun run, IEnumerable<ResourceSample> samples, TimeSpan warmUp, TimeSpan until)
    {
        ArgumentNullException.ThrowIfNull(run);
        var own = samples.Where(sample => sample.Worker == run.Worker && sample.Generation == run.Generation && sample.At <= until).ToList();
        var early = own.Where(sample => sample.At >= run.Started + warmUp && sample.At < run.Started + warmUp + Window).ToList();
        var end = own.Count == 0 ? TimeSpan.Zero : own[^1].At;
        var late = own.Where(sample => sample.At > end - Window).ToList();
        return early.Count == 0 || late.Count == 0 || end - (run.Started + warmUp) < 2 * Window
            ? null
            : new ResourceTrend(run, Mean(early), Mean(late), own.Max(sample => sample.RssBytes));
    }

    private static (double, double, double) Mean(List<ResourceSample> samples) =>
        (samples.Average(sample => sample.RssBytes), samples.Average(sample => sample.Threads), samples.Average(sample => sample.Handles));
}
