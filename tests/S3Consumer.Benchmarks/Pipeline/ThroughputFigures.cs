namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>One repetition's throughput runs; any may be missing when it failed.</summary>
internal sealed record ThroughputRepetition(
    Throughput? B0, Throughput? Sdk, Throughput? B1, Throughput? B2, Throughput? B3, Throughput? B4Blackhole, Throughput? B4S3rver);

/// <summary>
/// A repetition's B0-B4 in the report: rates, the ratios with their goals, PUTs and bytes written, the worker's
/// allocation per message and peak RSS, CPU per process.
/// </summary>
internal static class ThroughputFigures
{
    public static void Add(Report report, PipelineOptions options, ThroughputRepetition run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var size = Text.Invariant($"{options.Messages:N0} x {options.MessageBytes:N0} B");
        var batches = Text.Invariant($"{options.BatchMessages:N0} a gzip object");
        AddRate(report, Text.Invariant($"B0 S3 ceiling: raw PutObject, {options.Concurrency} in flight, {size}, before + after B2"), run.B0);
        AddRate(report, Text.Invariant($"S3 client ceiling: raw PutObject to blackhole, {options.Concurrency} in flight"), run.Sdk);
        AddRate(report, Text.Invariant($"B1 broker ceiling: raw consume + ack, prefetch {options.Prefetch}"), run.B1);
        AddRate(report, Text.Invariant($"B2 worker to s3rver, pre-filled queue of {size}"), run.B2);
        AddRate(report, "B3 worker to blackhole S3 (its own ceiling)", run.B3);
        AddRate(report, $"B4 worker with batches ({batches}) to blackhole", run.B4Blackhole);
        AddRate(report, $"B4 worker with batches ({batches}) to s3rver", run.B4S3rver);
        AddRatio(report, "B2/B0", run.B2, run.B0, Goal.AtLeast(0.9));
        AddRatio(report, "B3/B1", run.B3, run.B1, Goal.AtLeast(0.5));
        AddRatio(report, "B4 to blackhole / B1", run.B4Blackhole, run.B1, Goal.AtLeast(0.5));
        AddRatio(report, "B4 to s3rver / B2", run.B4S3rver, run.B2, Goal.AtLeast(10));

        var batchPuts = Math.Ceiling((double)options.Messages / options.BatchMessages);
        foreach (var (job, result, goal) in new[]
        {
            ("B2", run.B2, null), ("B3", run.B3, null), ("B4 to blackhole", run.B4Blackhole, Goal.Exactly(batchPuts)), ("B4 to s3rver", run.B4S3rver, Goal.Exactly(batchPuts)),
        })
        {
            if (result?.Written is { } written)
            {
                report.Add($"PUTs in {job}", written.Objects, "N0", "", goal);
                report.Add($"KB written in {job} (as stored)", Text.Kilobytes(written.Bytes), "N0", "KB");
            }
        }

        foreach (var (job, result, goal) in new[] { ("B2", run.B2, null), ("B3", run.B3, Goal.AtMost(20)), ("B4 to blackhole", run.B4Blackhole, null), ("B4 to s3rver", run.B4S3rver, null) })
        {
            if (result?.AllocatedKilobytesPerMessage is { } allocated)
            {
                report.Add($"worker allocation per message in {job}", allocated, "N1", "KB", goal);
            }
        }

        foreach (var (job, result) in new[] { ("B2", run.B2), ("B3", run.B3), ("B4 to blackhole", run.B4Blackhole), ("B4 to s3rver", run.B4S3rver) })
        {
            if (result?.WorkerPeakRssBytes is { } rss)
            {
                report.Add($"worker peak RSS in {job}", Text.Megabytes(rss), "N0", "MB");
            }
        }

        AddCpu(report, "B2", run.B2);
        AddCpu(report, "B3", run.B3);
        AddCpu(report, "B4 to blackhole", run.B4Blackhole);
        AddCpu(report, "B4 to s3rver", run.B4S3rver);
        AddCpu(report, "B0", run.B0);
        AddCpu(report, "B0 to blackhole", run.Sdk);
        AddCpu(report, "B1", run.B1);
    }

    /// <summary>
    /// The worker's CPU per message (warm: draining the backlog; cold: B3, from a start) against the bare PutObject
    /// loop's CPU per PUT, each side its client alone: the loop ran in the harness beside the blackhole (B0 to
    /// blackhole, same repetition), so the blackhole's own CPU per PUT, measured in the worker's run (where the harness
    /// serves the blackhole alone), is taken off the harness's.
    /// </summary>
    public static void AddCpuAgainstSdk(Report report, ThroughputRepetition? run, Throughput? backlog, int backlogMessages)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (run?.Sdk is not { } sdk)
        {
            return;
        }

        if (backlog is not null && SdkPerPut(sdk, backlog) is { } warm)
        {
            report.Add("raw PutObject's CPU per PUT, the SDK alone (harness less blackhole)", warm, "N3", "ms");
            report.Add(Text.Invariant($"worker CPU per message draining {backlogMessages:N0} (warm) / raw PutObject's CPU per PUT"),
                backlog.CpuSecondsPerThousand("worker") / warm, "N2", "x", Goal.AtMost(1.5));
        }

        if (run.B3 is { } b3 && SdkPerPut(sdk, b3) is { } cold)
        {
            report.Add("worker CPU per message in B3 (cold) / raw PutObject's CPU per PUT", b3.CpuSecondsPerThousand("worker") / cold, "N2", "x");
        }
    }

    // CPU seconds per 1,000 PUTs, i.e. ms a PUT, of the SDK alone; none when the blackhole's share leaves nothing (a figure to distrust).
    private static double? SdkPerPut(Throughput sdk, Throughput workerRun)
    {
        var perPut = sdk.CpuSecondsPerThousand(S3Ceiling.SdkAndBlackhole) - workerRun.CpuSecondsPerThousand(Blackhole.ProcessName);
        return perPut > 0 ? perPut : null;
    }

    private static void AddRate(Report report, string name, Throughput? result)
    {
        if (result is not null)
        {
            report.Add(name, result.PerSecond, "N0", "msg/s");
        }
    }

    private static void AddRatio(Report report, string name, Throughput? measured, Throughput? ceiling, Goal goal)
    {
        if (measured is not null && ceiling is not null)
        {
            report.Add(name, measured.PerSecond / ceiling.PerSecond, "N2", "", goal);
        }
    }

    private static void AddCpu(Report report, string job, Throughput? result)
    {
        foreach (var process in result?.Cpu.Seconds.Keys ?? Enumerable.Empty<string>())
        {
            report.Add($"CPU s per 1,000 messages in {job}: {process}", result!.CpuSecondsPerThousand(process), "N3", "s");
        }

        if (result is not null)
        {
            report.Add($"other load during {job} (cores busy outside these)", result.Cpu.OtherCores, "N2", "cores");
        }
    }
}
