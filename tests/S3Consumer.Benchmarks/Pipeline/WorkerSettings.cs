using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>How every worker process of a run is started: its assembly, its broker, its concurrency and any extra environment.</summary>
internal sealed record WorkerSettings(string Dll, string RabbitHost, int Concurrency, ushort Prefetch, IReadOnlyList<string> Environment)
{
    private const string Destination = "Destinations:" + BenchMessages.Destination + ":";

    /// <summary>
    /// The same worker with batches for its destination (B4): <paramref name="maxMessages"/> messages per gzip object,
    /// and a last, partial batch written after 2 s rather than the default minute. Its prefetch and concurrency are
    /// left as they are: the worker raises them itself to fill batches. Settings given with --worker-env still win.
    /// </summary>
    public WorkerSettings WithBatches(int maxMessages) => this with
    {
        Environment =
        [
            .. BatchSettings(maxMessages).Select(setting => $"{setting.Key}={setting.Value}"),
            .. Environment,
        ],
    };

    /// <summary>
    /// The same worker with batches partitioned by the <c>connection-id</c> a message carries (see
    /// <see cref="BenchMessages.FillAsync"/>), with room for <paramref name="maxOpenPartitions"/> open at once and,
    /// when given, <c>Batches:MaxBufferedBytes</c> and a <c>Batch:MaxWait</c> in place of B4's 2 s.
    /// </summary>
    public WorkerSettings WithPartitions(int maxMessages, int maxOpenPartitions, long? maxBufferedBytes = null, TimeSpan? maxWait = null) => this with
    {
        // The later of two settings of one name wins: the partitions' over B4's, --worker-env's over both.
        Environment =
        [
            .. BatchSettings(maxMessages).Select(setting => $"{setting.Key}={setting.Value}"),
            .. PartitionSettings(maxOpenPartitions, maxBufferedBytes, maxWait).Select(setting => $"{setting.Key}={setting.Value}"),
            .. Environment,
        ],
    };

    /// <summary>The same worker with batches (<see cref="WithBatches"/>) of rows: <c>Format</c> <paramref name="format"/> (<c>records</c>, <c>parquet</c>).</summary>
    public WorkerSettings WithRows(int maxMessages, string format) => WithBatches(maxMessages) with
    {
        Environment = [$"{Destination}Format={format}", .. WithBatches(maxMessages).Environment],
    };

    /// <summary>The partition settings of <see cref="WithPartitions"/>, as the worker reads them.</summary>
    public static IReadOnlyDictionary<string, string> PartitionSettings(int maxOpenPartitions, long? maxBufferedBytes, TimeSpan? maxWait = null)
    {
        var settings = new Dictionary<string, string>
        {
            [Destination + "Batch:PartitionBy"] = "join('', ['connection=', metadata.connectionId])",
            [Destination + "Batch:MaxOpenPartitions"] = maxOpenPartitions.ToString(CultureInfo.InvariantCulture),
        };
        if (maxBufferedBytes is { } bytes)
        {
            settings["Batches:MaxBufferedBytes"] = bytes.ToString(CultureInfo.InvariantCulture);
        }

        if (maxWait is { } wait)
        {
            settings[Destination + "Batch:MaxWait"] = wait.ToString("c", CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>The batch settings of <see cref="WithBatches"/>, as the worker reads them.</summary>
    public static IReadOnlyDictionary<string, string> BatchSettings(int maxMessages) => new Dictionary<string, string>
    {
        [Destination + "Batch:MaxMessages"] = maxMessages.ToString(CultureInfo.InvariantCulture),
        [Destination + "Batch:Compression"] = "gzip",
        [Destination + "Batch:MaxWait"] = "00:00:02",
    };

    /// <summary>
    /// Starts the worker as it ships, configured by environment variables only: its own queues, read from
    /// <paramref name="readQueue"/> (declared beforehand), and one destination, <c>bench</c>, writing to <paramref name="sink"/>.
    /// </summary>
    public WorkerProcess Start(string readQueue, IObjectSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var invariant = CultureInfo.InvariantCulture;
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
            [Destination + "Bucket"] = sink.Bucket,
            [Destination + "Region"] = TestServices.Region,
            [Destination + "ServiceUrl"] = sink.Url.ToString(),
            [Destination + "ForcePathStyle"] = "true",
            [Destination + "AccessKeyId"] = TestServices.S3Key,
            [Destination + "SecretAccessKey"] = TestServices.S3Key,
        };
        foreach (var pair in Environment.Select(setting => setting.Split('=', 2)))
        {
            settings[pair[0]] = pair[1];
        }

        return WorkerProcess.Start(settings, Dll);
    }
}
