using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>How every worker process of a run is started: its assembly, its broker, its concurrency and any extra environment.</summary>
internal sealed record WorkerSettings(string Dll, string RabbitHost, int Concurrency, ushort Prefetch, IReadOnlyList<string> Environment)
{
    /// <summary>
    /// Starts the worker as it ships, configured by environment variables only: its own queues, read from
    /// <paramref name="readQueue"/> (declared beforehand), and one destination, <c>bench</c>, writing to <paramref name="sink"/>.
    /// </summary>
    public WorkerProcess Start(string readQueue, IObjectSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var invariant = CultureInfo.InvariantCulture;
        const string destination = "Destinations:" + BenchMessages.Destination + ":";
        var settings = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Urls"] = "http://127.0.0.1:0",
            ["Health:Port"] = "0", // any free port: another worker on this machine may hold the default, 8080
            ["RabbitMq:Host"] = RabbitHost,
            ["Queues:Read"] = readQueue,
            ["Queues:Subscribe"] = $"{readQueue}-subscribe",
            ["Queues:ConcurrentMessageLimit"] = Concurrency.ToString(invariant),
            ["Queues:PrefetchCount"] = Prefetch.ToString(invariant),
            ["S3:MaxConnections"] = (2 * Concurrency).ToString(invariant), // a connection for every write of both queues
            [destination + "Bucket"] = sink.Bucket,
            [destination + "Region"] = TestServices.Region,
            [destination + "ServiceUrl"] = sink.Url.ToString(),
            [destination + "ForcePathStyle"] = "true",
            [destination + "AccessKeyId"] = TestServices.S3Key,
            [destination + "SecretAccessKey"] = TestServices.S3Key,
        };
        foreach (var pair in Environment.Select(setting => setting.Split('=', 2)))
        {
            settings[pair[0]] = pair[1];
        }

        return WorkerProcess.Start(settings, Dll);
    }
}
