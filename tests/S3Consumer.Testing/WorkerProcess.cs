using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RabbitMQ.Client;

namespace S3Consumer.Testing;

/// <summary>
/// The built worker as a process of its own, <c>dotnet S3Consumer.Worker.dll</c>, configured by environment variables
/// only, so it can be killed or stopped as an orchestrator stops it.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable, IDisposable
{
    private const int LinesShown = 30;

    // Workers still running when the test host or the benchmark exits (Ctrl+C, a crash) end with it rather than go on consuming.
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process process;

    static WorkerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private WorkerProcess(Process process) => this.process = process;

    /// <summary>Everything the worker wrote to standard output and error.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public int Pid => process.Id;

    public int ExitCode => process.ExitCode;

    public bool HasExited => process.HasExited;

    /// <summary>CPU time the worker has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the worker with <paramref name="settings"/> (configuration keys such as <c>Queues:Read</c>, passed as
    /// <c>Queues__Read</c>), from <paramref name="dll"/> or else the S3Consumer.Worker.dll built beside the caller.
    /// </summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string?> settings, string? dll = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        dll ??= Path.Combine(AppContext.BaseDirectory, "S3Consumer.Worker.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll),
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        Running[worker.Pid] = worker.process;
        worker.process.OutputDataReceived += (_, line) => worker.Output.Enqueue(line.Data ?? "");
        worker.process.ErrorDataReceived += (_, line) => worker.Output.Enqueue(line.Data ?? "");
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// Starts the worker and waits until its consumer is on <paramref name="readQueue"/>, asking the broker its settings
    /// name, or <paramref name="broker"/>.
    /// </summary>
    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string readQueue, Func<Task<Broker>>? broker = null)
    {
        var worker = Start(settings);
        try
        {
            await using var connected = broker is null ? await Broker.ConnectAsync(BrokerOf(settings), confirmed: false, VirtualHostOf(settings)) : await broker();
            await worker.WaitForConsumerAsync(connected, readQueue);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the worker and waits for it to exit by itself, as it does when its configuration is refused.</summary>
    public static async Task<WorkerProcess> RunToExitAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan timeout)
    {
        var worker = Start(settings);
        try
        {
            await worker.process.WaitForExitAsync().WaitAsync(timeout); // with the last of its output
            return worker;
        }
        catch (TimeoutException error)
        {
            worker.Dispose();
            throw new TimeoutException($"The worker did not exit within {timeout}. Its last lines:{Environment.NewLine}{worker.LastLines}", error);
        }
    }

    /// <summary>Waits until the worker's consumer is on <paramref name="queue"/>: from then on it takes messages.</summary>
    public Task WaitForConsumerAsync(Broker broker, string queue, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return WaitUntilAsync(async () => await broker.ConsumerCountAsync(queue) > 0, timeout ?? TimeSpan.FromSeconds(60),
            $"the worker to consume {queue}", TimeSpan.FromMilliseconds(20));
    }

    /// <summary>As <see cref="Poll.UntilAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?, Func{string}?)"/>, failing at once if the worker exits, and saying its last lines.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what, TimeSpan? interval = null, Func<string>? seen = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        try
        {
            await Poll.UntilAsync(async () => { ThrowIfExited(); return await done(); }, timeout, what, interval, seen);
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message} The worker's last lines:{Environment.NewLine}{LastLines}", error);
        }
    }

    public void ThrowIfExited()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The worker exited with code {process.ExitCode}:{Environment.NewLine}{LastLines}");
        }
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgement of what is in flight.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"The worker (pid {Pid}) was still running 30 s after SIGKILL.");
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; waits for the worker to exit.</summary>
    public async Task TerminateAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        await Command.RunCheckedAsync(TimeSpan.FromSeconds(10), "kill", "-TERM", Pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"The worker did not exit within {limit.TotalSeconds:N0} s of SIGTERM. Its last lines:{Environment.NewLine}{LastLines}", error);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        Running.TryRemove(Pid, out _);
        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // The broker the worker was pointed at: a node of the test cluster, or the test broker; and the virtual host.
    private static string VirtualHostOf(IReadOnlyDictionary<string, string?> settings) => settings.GetValueOrDefault("RabbitMq:VirtualHost") ?? "/";

    private static AmqpTcpEndpoint BrokerOf(IReadOnlyDictionary<string, string?> settings) =>
        new(settings.GetValueOrDefault("RabbitMq:Host") ?? TestServices.RabbitHost,
            settings.GetValueOrDefault("RabbitMq:Port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : -1);

    private string LastLines => string.Join(Environment.NewLine, Output.TakeLast(LinesShown));

    private static void KillAll()
    {
        foreach (var process in Running.Values.Where(process => !process.HasExited))
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
