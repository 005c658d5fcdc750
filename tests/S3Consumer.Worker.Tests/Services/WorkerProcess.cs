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

    /// <summary>Starts the worker and waits until it consumes <paramref name="readQueue"/> on the test broker, or on <paramref name="broker"/>.</summary>
    public static async Task<WorkerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string readQueue, Func<Task<Broker>>? broker = null)
    {
        var worker = Launch(settings);
        await worker.WaitForConsumerAsync(readQueue, broker ?? Broker.ConnectAsync);
        return worker;
    }

    /// <summary>Starts a worker that is expected to refuse to start, and waits for it to exit.</summary>
    public static async Task<WorkerProcess> StartExpectingExitAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan timeout)
    {
        var worker = Launch(settings);
        try
        {
            await worker.process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The worker did not exit within {timeout}: {string.Join('\n', worker.Output)}");
        }

        // The asynchronous readers may still hold the last lines.
        worker.process.WaitForExit();
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

    private async Task WaitForConsumerAsync(string queue, Func<Task<Broker>> connect)
    {
        await using var broker = await connect();
        for (var i = 0; i < 300 && await broker.ConsumerCountAsync(queue) == 0; i++)
        {
            Assert.False(process.HasExited, $"The worker exited: {string.Join('\n', Output)}");
            await Task.Delay(100);
        }
    }
}
