namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// How many messages a run moved, how long it took, the CPU each process spent; for a worker run also its peak RSS,
/// what it wrote (PUTs, bytes), the bytes it allocated, and its queue's limits if batches raised them.
/// </summary>
internal sealed record Throughput(
    int Messages, TimeSpan Elapsed, CpuUse Cpu, long? WorkerPeakRssBytes = null, Written? Written = null, long? AllocatedBytes = null, string? RaisedLimits = null)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    /// <summary>KB the worker allocated per message.</summary>
    public double? AllocatedKilobytesPerMessage => AllocatedBytes is { } bytes ? Text.Kilobytes((double)bytes / Messages) : null;

    /// <summary>Two runs of the same job as one: their messages, time and CPU added up. Either may be missing.</summary>
    public static Throughput? Pooled(Throughput? first, Throughput? second) => (first, second) switch
    {
        ({ } a, { } b) => new Throughput(
            a.Messages + b.Messages,
            a.Elapsed + b.Elapsed,
            new CpuUse(
                a.Cpu.Seconds.Keys.ToDictionary(process => process, process => a.Cpu.Seconds[process] + b.Cpu.Seconds.GetValueOrDefault(process)),
                a.Cpu.Elapsed + b.Cpu.Elapsed,
                a.Cpu.MachineBusySeconds + b.Cpu.MachineBusySeconds)),
        _ => first ?? second,
    };

    public double CpuSecondsPerThousand(string process) => Cpu.Seconds[process] * 1000 / Messages;

    public string Describe() =>
        Text.Invariant($"{Messages,7:N0} in {Elapsed.TotalSeconds,6:N1} s = {PerSecond,7:N0}/s; CPU s per 1,000: ")
        + string.Join(", ", Cpu.Seconds.Keys.Select(process => Text.Invariant($"{process} {CpuSecondsPerThousand(process):N2}")))
        + Text.Invariant($"; other load {Cpu.OtherCores:N2} cores")
        + (WorkerPeakRssBytes is { } rss ? Text.Invariant($"; worker peak RSS {Text.Megabytes(rss):N0} MB") : "")
        + (Written is { } written ? "; " + written.Describe() : "")
        + (AllocatedKilobytesPerMessage is { } allocated ? Text.Invariant($"; worker allocated {allocated:N1} KB a message") : "")
        + (RaisedLimits is { } limits ? $"; raised for batches to {limits}" : "");
}
