namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>One repetition's throughput runs; any may be missing when it failed.</summary>
internal sealed record ThroughputRepetition(
    Throughput? B0, Throughput? Sdk, Throughput? B1, Throughput? B2, Throughput? B3, Throughput? B4Blackhole, Throughput? B4S3rver, Throughput? B4p,
    Throughput? B5 = null, Throughput? B5r = null, Throughput? B5x = null);

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
        AddRate(report, Text.Invariant($"B4p worker with batches ({batches}) over {PipelineOptions.B4pPartitions} partitions to blackhole"), run.B4p);
        AddRatio(report, "B2/B0", run.B2, run.B0, Goal.AtLeast(0.9));
        AddRatio(report, "B3/B1", run.B3, run.B1, Goal.AtLeast(0.5));
        AddRatio(report, "B4 to blackhole / B1", run.B4Blackhole, run.B1, Goal.AtLeast(0.5));
        AddRatio(report, "B4 to s3rver / B2", run.B4S3rver, run.B2, Goal.AtLeast(10));
        AddRatio(report, "B4p / B4, both to blackhole", run.B4p, run.B4Blackhole, Goal.AtLeast(0.8));
        AddRows(report, run);

        var batchPuts = Math.Ceiling((double)options.Messages / options.BatchMessages);
        foreach (var (job, result, goal) in new[]
        {
            ("B2", run.B2, null), ("B3", run.B3, null), ("B4 to blackhole", run.B4Blackhole, Goal.Exactly(batchPuts)), ("B4 to s3rver", run.B4S3rver, Goal.Exactly(batchPuts)),
            ("B4p", run.B4p, Goal.Exactly(batchPuts)), ("B5", run.B5, Goal.Exactly(batchPuts)), ("B5r", run.B5r, Goal.Exactly(batchPuts)),
            ("B5x", run.B5x, Goal.Exactly(batchPuts)),
        })
        {
            if (result?.Written is { } written)
            {
                report.Add($"PUTs in {job}", written.Objects, "N0", "", goal);
                report.Add($"KB written in {job} (as stored)", Text.Kilobytes(written.Bytes), "N0", "KB");
            }
        }

        foreach (var (job, result, goal) in new[]
        {
            ("B2", run.B2, null), ("B3", run.B3, Goal.AtMost(20)), ("B4 to blackhole", run.B4Blackhole, null), ("B4 to s3rver", run.B4S3rver, null), ("B4p", run.B4p, null),
        })
        {
            if (result?.AllocatedKilobytesPerMessage is { } allocated)
            {
                report.Add($"worker allocation per message in {job}", allocated, "N1", "KB", goal);
            }
        }

        foreach (var (job, result) in new[]
        {
            ("B2", run.B2), ("B3", run.B3), ("B4 to blackhole", run.B4Blackhole), ("B4 to s3rver", run.B4S3rver), ("B4p", run.B4p), ("B5", run.B5), ("B5r", run.B5r), ("B5x", run.B5x),
        })
        {
            if (result?.WorkerPeakRssBytes is { } rss)
            {
                report.Add($"worker peak RSS in {job}", Text.Megabytes(rss), "N0", "MB", job.StartsWith("B5", StringComparison.Ordinal) ? Goal.AtMost(256) : null);
            }
        }

        AddCpu(report, "B2", run.B2);
        AddCpu(report, "B3", run.B3);
        AddCpu(report, "B4 to blackhole", run.B4Blackhole);
        AddCpu(report, "B4 to s3rver", run.B4S3rver);
        AddCpu(report, "B4p", run.B4p);
        AddCpu(report, "B5", run.B5);
        AddCpu(report, "B5r", run.B5r);
        AddCpu(report, "B5x", run.B5x);
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

    // B5 (Parquet), B5r (NDJSON rows) and B5x (Parquet, many records a message): B4's messages as rows, against B4 to blackhole.
    private static void AddRows(Report report, ThroughputRepetition run)
    {
        AddRate(report, "B5 worker with Parquet batches to blackhole", run.B5);
        AddRate(report, "B5r worker with NDJSON rows batches (gzip) to blackhole", run.B5r);
        AddRate(report, Text.Invariant($"B5x worker with Parquet batches, {PipelineOptions.B5xRecords} records a message, to blackhole"), run.B5x);
        if (run.B5x is { } b5x)
        {
            report.Add(Text.Invariant($"B5x rows/s ({PipelineOptions.B5xRecords} a message)"), b5x.PerSecond * PipelineOptions.B5xRecords, "N0", "rows/s");
        }

        AddRatio(report, "B5 / B4, both to blackhole", run.B5, run.B4Blackhole, Goal.AtLeast(0.7));
        AddRatio(report, "B5r / B4, both to blackhole", run.B5r, run.B4Blackhole, Goal.AtLeast(0.8));
        if (run.B5 is { } b5 && run.B4Blackhole is { } b4)
        {
            report.Add("worker CPU per message in B5 / in B4", b5.CpuSecondsPerThousand("worker") / b4.CpuSecondsPerThousand("worker"), "N2", "x", Goal.AtMost(1.5));
        }
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
