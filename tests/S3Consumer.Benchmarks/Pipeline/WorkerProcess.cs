using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// The worker as it ships, <c>dotnet S3Consumer.Worker.dll</c>, in a process of its own, configured by environment
/// variables only: its own queues and one destination, <c>bench</c>, that writes to the given endpoint and bucket.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int OutputLines = 30;

    // Workers still running when the harness exits (Ctrl+C, kill) are ended with it rather than left consuming.
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    static WorkerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    private WorkerProcess(Process process, string readQueue)
    {
        this.process = process;
        ReadQueue = readQueue;
    }

    public string ReadQueue { get; }

    public string SubscribeQueue => $"{ReadQueue}-subscribe";

    public int Pid => process.Id;

    public long PeakRssBytes => ProcFs.PeakRssBytes(Pid);

    public long RssBytes => ProcFs.RssBytes(Pid);

    /// <summary>Starts a worker that reads <paramref name="readQueue"/> (declared beforehand) and writes to <paramref name="sink"/>.</summary>
    public static WorkerProcess Start(WorkerSettings settings, string readQueue, IObjectSink sink)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sink);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { settings.Dll },
            WorkingDirectory = Path.GetDirectoryName(settings.Dll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var invariant = CultureInfo.InvariantCulture;
        const string destination = "Destinations__" + BenchMessages.Destination + "__";
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Urls"] = "http://127.0.0.1:0",
            ["Health__Port"] = "0", // any free port: another worker on this machine may hold the default, 8080
            ["RabbitMq__Host"] = settings.RabbitHost,
            ["Queues__Read"] = readQueue,
            ["Queues__Subscribe"] = $"{readQueue}-subscribe",
            ["Queues__ConcurrentMessageLimit"] = settings.Concurrency.ToString(invariant),
            ["Queues__PrefetchCount"] = settings.Prefetch.ToString(invariant),
            ["S3__MaxConnections"] = (2 * settings.Concurrency).ToString(invariant), // a connection for every write of both queues
            [destination + "Bucket"] = sink.Bucket,
            [destination + "Region"] = LocalServices.Region,
            [destination + "ServiceUrl"] = sink.Url.ToString(),
            [destination + "ForcePathStyle"] = "true",
            [destination + "AccessKeyId"] = LocalServices.AccessKey,
            [destination + "SecretAccessKey"] = LocalServices.AccessKey,
        }.Concat(settings.Environment.Select(setting => setting.Split('=', 2)).Select(pair => KeyValuePair.Create(pair[0], pair[1]))))
        {
            start.Environment[name] = value;
        }

        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), readQueue);
        Running[worker.Pid] = worker.process;
        worker.process.OutputDataReceived += (_, line) => worker.Keep(line.Data);
        worker.process.ErrorDataReceived += (_, line) => worker.Keep(line.Data);
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker's consumer is on its read queue: from then on it takes messages.</summary>
    public Task WaitUntilConsumingAsync(RabbitQueues rabbit)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        return Poll.UntilAsync(async () => { ThrowIfExited(); return await rabbit.ConsumersAsync(ReadQueue) > 0; },
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20), $"the worker to consume {ReadQueue}");
    }

    /// <summary>Waits until the sink holds <paramref name="count"/> objects, failing early if the worker dies.</summary>
    public async Task WaitForObjectsAsync(IObjectSink sink, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(sink);
        try
        {
            await Poll.UntilAsync(() => { ThrowIfExited(); return sink.Count() >= count; }, timeout, sink.CountInterval, $"{count:N0} objects in {sink.Bucket}");
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message} The worker's last lines:{Environment.NewLine}{Output}", error);
        }
    }

    public void ThrowIfExited()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The worker exited with code {process.ExitCode}:{Environment.NewLine}{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Running.TryRemove(process.Id, out _);
        process.Dispose();
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values.Where(process => !process.HasExited))
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private string Output => string.Join(Environment.NewLine, output);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > OutputLines)
        {
            output.TryDequeue(out _);
        }
    }
}
