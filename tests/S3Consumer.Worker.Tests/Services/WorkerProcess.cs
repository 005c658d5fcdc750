using System.Collections.Concurrent;
using System.Diagnostics;
using RabbitMQ.Client;

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
        await worker.WaitForConsumerAsync(readQueue, BrokerOf(settings));
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

    // The broker the worker was pointed at (a node of the test cluster, or the test broker).
    private static AmqpTcpEndpoint? BrokerOf(IReadOnlyDictionary<string, string?> settings) =>
        settings.TryGetValue("RabbitMq:Port", out var port) && port is not null
            ? new AmqpTcpEndpoint(settings["RabbitMq:Host"] ?? TestServices.RabbitHost, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture))
            : null;

    private async Task WaitForConsumerAsync(string queue, AmqpTcpEndpoint? node)
    {
        await using var broker = await Broker.ConnectAsync(node);
        for (var i = 0; i < 300 && await broker.ConsumerCountAsync(queue) == 0; i++)
        {
            Assert.False(process.HasExited, $"The worker exited: {string.Join('\n', Output)}");
            await Task.Delay(100);
        }
    }
}
