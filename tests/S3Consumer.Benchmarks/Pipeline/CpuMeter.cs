using System.Diagnostics;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>CPU time that named processes, and the whole machine, spend between <see cref="Start"/> and <see cref="Stop"/>.</summary>
internal sealed class CpuMeter
{
    private readonly (string Name, int Pid, double Start)[] processes;
    private readonly double machineStart = ProcFs.MachineBusySeconds();
    private readonly long started = Stopwatch.GetTimestamp();

    private CpuMeter(IEnumerable<(string Name, int Pid)> processes) =>
        this.processes = [.. processes.Select(process => (process.Name, process.Pid, ProcFs.CpuSeconds(process.Pid)))];

    public static CpuMeter Start(params (string Name, int Pid)[] processes) => new(processes);

    public CpuUse Stop() => new(
        processes.ToDictionary(process => process.Name, process => ProcFs.CpuSeconds(process.Pid) - process.Start),
        Stopwatch.GetElapsedTime(started),
        ProcFs.MachineBusySeconds() - machineStart);
}

/// <summary>CPU seconds per process over a measured interval, and what the machine did besides.</summary>
internal sealed record CpuUse(IReadOnlyDictionary<string, double> Seconds, TimeSpan Elapsed, double MachineBusySeconds)
{
    /// <summary>Cores kept busy, on average, by processes not measured (another engineer's builds and tests, say).</summary>
    public double OtherCores => Math.Max(0, MachineBusySeconds - Seconds.Values.Sum()) / Elapsed.TotalSeconds;
}
