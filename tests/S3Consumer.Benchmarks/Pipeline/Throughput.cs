namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>How many messages a run moved, how long it took, the CPU each process spent, and the worker's peak RSS if it ran.</summary>
internal sealed record Throughput(int Messages, TimeSpan Elapsed, CpuUse Cpu, long? WorkerPeakRssBytes = null)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    public double CpuSecondsPerThousand(string process) => Cpu.Seconds[process] * 1000 / Messages;

    public string Describe() =>
        Text.Invariant($"{Messages,7:N0} in {Elapsed.TotalSeconds,6:N1} s = {PerSecond,7:N0}/s; CPU s per 1,000: ")
        + string.Join(", ", Cpu.Seconds.Keys.Select(process => Text.Invariant($"{process} {CpuSecondsPerThousand(process):N2}")))
        + Text.Invariant($"; other load {Cpu.OtherCores:N2} cores")
        + (WorkerPeakRssBytes is { } rss ? Text.Invariant($"; worker peak RSS {Text.Megabytes(rss):N0} MB") : "");
}
