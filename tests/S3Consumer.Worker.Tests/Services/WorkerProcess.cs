using System.Collections.Concurrent;
using System.Diagnostics;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>The built worker as a process of its own, configured by environment variables, so it can be killed.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    private WorkerProcess(Process process) => this.process = process;

    /// <summary>Everything the worker wrote to standard output and error.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string readQueue)
    {
        var worker = Launch(settings);
        await worker.WaitForConsumerAsync(readQueue);
        return worker;
    }

    /// <summary>Starts a worker expected to refuse its configuration, and waits (at most a minute) for it to exit.</summary>
    public static async Task<WorkerProcess> RunUntilExitAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var worker = Launch(settings);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await worker.process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            worker.Dispose();
            Assert.Fail($"The worker did not exit within a minute: {string.Join('\n', worker.Output)}");
        }

        return worker;
    }

    private static WorkerProcess Launch(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "S3Consumer.Worker.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var worker = new WorkerProcess(Process.Start(start)!);
        worker.process.OutputDataReceived += (_, line) => worker.Output.Enqueue(line.Data ?? "");
        worker.process.ErrorDataReceived += (_, line) => worker.Output.Enqueue(line.Data ?? "");
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, no acknowledgement of what is in flight.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; waits for the worker to exit.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public int ExitCode => process.ExitCode;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    private async Task WaitForConsumerAsync(string queue)
    {
        await using var broker = await Broker.ConnectAsync();
        for (var i = 0; i < 300 && await broker.ConsumerCountAsync(queue) == 0; i++)
        {
            Assert.False(process.HasExited, $"The worker exited: {string.Join('\n', Output)}");
            await Task.Delay(100);
        }
    }
}
