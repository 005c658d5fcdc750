using System.Globalization;
using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The three workers of a run: worker N connects to node N of the cluster, the other two as its fail-over, all on the
/// run's quorum queues. A worker can be killed (SIGKILL) or stopped (SIGTERM) and started again, as a new generation
/// with a name of its own in the telemetry. Their RSS, threads and handles are sampled every 5 s.
/// </summary>
internal sealed class SoakWorkers : IAsyncDisposable
{
    public const int Count = 3;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private readonly string dll;
    private readonly IReadOnlyDictionary<string, string?> common;
    private readonly SoakClock clock;
    private readonly string readQueue;
    private readonly Running?[] running = new Running?[Count + 1];
    private readonly List<WorkerRun> runs = [];
    private readonly List<ResourceSample> samples = [];
    private readonly Lock gate = new();
    private readonly Timer sampler;

    public SoakWorkers(string dll, IReadOnlyDictionary<string, string?> common, SoakClock clock, string readQueue)
    {
        this.dll = dll;
        this.common = common;
        this.clock = clock;
        this.readQueue = readQueue;
        sampler = new Timer(_ => Sample(), null, SampleEvery, SampleEvery);
    }

    public IReadOnlyList<WorkerRun> Runs
    {
        get
        {
            lock (gate)
            {
                return [.. runs];
            }
        }
    }

    public IReadOnlyList<ResourceSample> Samples
    {
        get
        {
            lock (gate)
            {
                return [.. samples];
            }
        }
    }

    public static IEnumerable<int> Numbers => Enumerable.Range(1, Count);

    /// <summary>Starts every worker and waits until all three consume.</summary>
    public async Task StartAllAsync()
    {
        foreach (var worker in Numbers)
        {
            Launch(worker);
        }

        await WaitUntilConsumingAsync();
    }

    /// <summary>SIGKILL, then a new process at once; returns what happened.</summary>
    public async Task<string> KillAsync(int worker)
    {
        var (run, process) = running[worker] ?? throw new InvalidOperationException($"Worker {worker} does not run.");
        process.Kill();
        Ended(worker, run, "SIGKILL");
        var next = Launch(worker);
        await WaitUntilConsumingAsync();
        return $"worker {worker} ({run.Name}, pid {run.Pid}) killed with SIGKILL after {Text.Invariant($"{(clock.Now - run.Started).TotalMinutes:N1}")} min; {next.Name} (pid {next.Pid}) consumes";
    }

    /// <summary>SIGTERM, waits for the exit, then a new process; returns what happened.</summary>
    public async Task<string> TerminateAsync(int worker)
    {
        var (run, process) = running[worker] ?? throw new InvalidOperationException($"Worker {worker} does not run.");
        var asked = clock.Now;
        await process.TerminateAsync(TimeSpan.FromSeconds(90));
        Ended(worker, run, $"SIGTERM, exit code {process.ExitCode}");
        var stopped = clock.Now - asked;
        var next = Launch(worker);
        await WaitUntilConsumingAsync();
        return Text.Invariant($"worker {worker} ({run.Name}, pid {run.Pid}) stopped with SIGTERM: exited with {process.ExitCode} after {stopped.TotalSeconds:N1} s; {next.Name} (pid {next.Pid}) consumes");
    }

    /// <summary>Stops every worker with SIGTERM, so that open batches are written and the telemetry is sent.</summary>
    public async Task StopAllAsync()
    {
        await sampler.DisposeAsync();
        foreach (var worker in Numbers)
        {
            if (running[worker] is ({ } run, { } process))
            {
                await process.TerminateAsync(TimeSpan.FromSeconds(90));
                Ended(worker, run, $"SIGTERM at the end, exit code {process.ExitCode}");
            }
        }
    }

    /// <summary>The workers that exited by themselves, which no fault asked for.</summary>
    public IEnumerable<string> Crashed() =>
        from worker in Numbers
        let still = running[worker]
        where still is { Process.HasExited: true }
        select $"{still.Run.Name} (pid {still.Run.Pid}) exited with {still.Process.ExitCode}: {string.Join(Environment.NewLine, still.Process.Output.TakeLast(20))}";

    public async ValueTask DisposeAsync()
    {
        await sampler.DisposeAsync();
        foreach (var worker in Numbers)
        {
            if (running[worker] is { } still)
            {
                await still.Process.DisposeAsync();
            }
        }
    }

    private WorkerRun Launch(int worker)
    {
        var generation = runs.Count(run => run.Worker == worker) + 1;
        var settings = new Dictionary<string, string?>(common)
        {
            ["RabbitMq:Host"] = SoakCluster.Host,
            ["RabbitMq:Port"] = SoakCluster.AmqpPort(worker).ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:ClusterNodes"] = string.Join(',', SoakCluster.Nodes.Where(node => node != worker).Select(node => $"{SoakCluster.Host}:{SoakCluster.AmqpPort(node)}")),
        };
        var name = $"w{worker}.{generation}";
        settings["OTEL_SERVICE_NAME"] = name;
        var process = WorkerProcess.Start(settings, dll);
        var run = new WorkerRun(worker, generation, process.Pid, clock.Now) { Output = process.Output };
        lock (gate)
        {
            runs.Add(run);
            running[worker] = new Running(run, process);
        }

        return run;
    }

    private void Ended(int worker, WorkerRun run, string how)
    {
        lock (gate)
        {
            (run.Ended, run.EndedBy) = (clock.Now, how);
            running[worker] = null;
        }
    }

    private Task WaitUntilConsumingAsync()
    {
        var consumers = 0u;
        return Poll.UntilAsync(
            async () =>
            {
                foreach (var worker in Numbers)
                {
                    running[worker]?.Process.ThrowIfExited();
                }

                return (consumers = await SoakCluster.ConsumersAsync(readQueue)) >= Count;
            },
            TimeSpan.FromMinutes(3), $"the {Count} workers to consume {readQueue}", TimeSpan.FromMilliseconds(250), () => $"{consumers} consumer(s)");
    }

    private void Sample()
    {
        var at = clock.Now;
        foreach (var worker in Numbers)
        {
            if (running[worker] is not ({ } run, { } process) || process.HasExited)
            {
                continue;
            }

            try
            {
                var sample = new ResourceSample(worker, run.Generation, at, ProcFs.RssBytes(run.Pid), ProcFs.Threads(run.Pid), ProcFs.Handles(run.Pid));
                lock (gate)
                {
                    samples.Add(sample);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // It exited between the look and the read.
            }
        }
    }

    private sealed record Running(WorkerRun Run, WorkerProcess Process);
}
