namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>A repetition's B0-B3 in the report: rates, the two ratios with their goals, the worker's peak RSS, CPU per process.</summary>
internal static class ThroughputFigures
{
    public static void Add(Report report, PipelineOptions options, Throughput? b0, Throughput? sdk, Throughput? b1, Throughput? b2, Throughput? b3)
    {
        var size = Text.Invariant($"{options.Messages:N0} x {options.MessageBytes:N0} B");
        AddRate(report, Text.Invariant($"B0 S3 ceiling: raw PutObject, {options.Concurrency} in flight, {size}, before + after B2"), b0);
        AddRate(report, Text.Invariant($"S3 client ceiling: raw PutObject to blackhole, {options.Concurrency} in flight"), sdk);
        AddRate(report, Text.Invariant($"B1 broker ceiling: raw consume + ack, prefetch {options.Prefetch}"), b1);
        AddRate(report, Text.Invariant($"B2 worker to s3rver, pre-filled queue of {size}"), b2);
        AddRate(report, "B3 worker to blackhole S3 (its own ceiling)", b3);
        if (b0 is not null && b2 is not null)
        {
            report.Add("B2/B0", b2.PerSecond / b0.PerSecond, "N2", "", Goal.AtLeast(0.9));
        }

        if (b1 is not null && b3 is not null)
        {
            report.Add("B3/B1", b3.PerSecond / b1.PerSecond, "N2", "", Goal.AtLeast(0.5));
        }

        foreach (var (job, result) in new[] { ("B2", b2), ("B3", b3) })
        {
            if (result?.WorkerPeakRssBytes is { } rss)
            {
                report.Add($"worker peak RSS in {job}", Text.Megabytes(rss), "N0", "MB");
            }
        }

        AddCpu(report, "B2", b2);
        AddCpu(report, "B3", b3);
        AddCpu(report, "B0", b0);
        AddCpu(report, "B0 to blackhole", sdk);
        AddCpu(report, "B1", b1);
    }

    private static void AddRate(Report report, string name, Throughput? result)
    {
        if (result is not null)
        {
            report.Add(name, result.PerSecond, "N0", "msg/s");
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
