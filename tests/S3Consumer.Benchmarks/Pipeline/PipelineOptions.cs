using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>Sizes and endpoints of one pipeline run: <c>pipeline [--quick] [--name value]...</c>.</summary>
internal sealed record PipelineOptions
{
    public const string Usage = """
        usage: pipeline [--quick] [--messages N] [--message-bytes N] [--repetitions N] [--backlog N] [--partition-messages N] [--big-mb N]
                        [--latency-seconds N] [--latency-rate N] [--concurrency N] [--prefetch N] [--batch-messages N]
                        [--only throughput,latency,memory]
                        [--rabbit-host HOST] [--s3-url URL] [--worker PATH/S3Consumer.Worker.dll] [--worker-env NAME=VALUE]...
          --only: some of the three parts; latency then needs --latency-rate (else it runs at half of B2's median).
          --quick: 2,000 messages, 1 repetition, a 5,000-message backlog, 20,000 over 1,000 partitions, a 10 MB message, 10 s of latency load;
                   options after it override it. Without --worker, src/S3Consumer.Worker is built in Release first.
        """;

    /// <summary>Messages per throughput run (B0-B4).</summary>
    public int Messages { get; init; } = 20_000;

    public int MessageBytes { get; init; } = 1024;

    public int Repetitions { get; init; } = 3;

    /// <summary>Messages in the backlog the worker drains while its peak RSS is watched.</summary>
    public int Backlog { get; init; } = 100_000;

    public int BigMessageMegabytes { get; init; } = 100;

    /// <summary>How long the steady load of the latency run lasts, warm-up included.</summary>
    public int LatencySeconds { get; init; } = 30;

    /// <summary>Messages a second of the latency run's load; by default half of B2's median.</summary>
    public int? LatencyRate { get; init; }

    /// <summary>The parts to run: <c>throughput</c> (B0-B4, CPU, allocation), <c>latency</c>, <c>memory</c>.</summary>
    public IReadOnlySet<string> Parts { get; init; } = AllParts;

    /// <summary>The worker's <c>Queues:ConcurrentMessageLimit</c>, and B0's PUTs in flight.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>The worker's <c>Queues:PrefetchCount</c>, and B1's.</summary>
    public ushort Prefetch { get; init; } = 128;

    /// <summary>B4's <c>Batch:MaxMessages</c>: messages per batch object.</summary>
    public int BatchMessages { get; init; } = 1000;

    /// <summary>B4p's partitions: B4's messages spread over this many.</summary>
    public const int B4pPartitions = 12;

    /// <summary>
    /// B4p's <c>Batch:MaxWait</c>: its partitions fill in turns, the last ones only as the run's last messages come, so a
    /// batch waits for the whole run rather than B4's 2 s; else the ratio would count batches closed by time, not partitioning.
    /// </summary>
    public static readonly TimeSpan B4pMaxWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// B4p's <c>Batches:MaxBufferedBytes</c>: room for all 12 partitions' batches of 1,000 to fill (about 400 MiB as the
    /// worker counts them, past the default 256 MiB), so that the ratio measures partitioning, not batches closed by memory.
    /// </summary>
    public const long B4pBufferedBytes = 512L * 1024 * 1024;

    /// <summary>B5x's records a message: B4's messages of the same size, their room shared by this many records.</summary>
    public const int B5xRecords = 10;

    /// <summary>The memory run's partitions, each open at once (<c>Batch:MaxOpenPartitions</c> as many).</summary>
    public const int MemoryPartitions = 1000;

    /// <summary>The memory run's <c>Batches:MaxBufferedBytes</c>.</summary>
    public const long MemoryBufferedBytes = 64L * 1024 * 1024;

    /// <summary>Messages of the memory run over <see cref="MemoryPartitions"/> partitions.</summary>
    public int PartitionMemoryMessages { get; init; } = 100_000;

    public string RabbitHost { get; init; } = "localhost";

    public Uri S3Url { get; init; } = new("http://127.0.0.1:4568");

    /// <summary>A worker already built; without it, src/S3Consumer.Worker is built in Release.</summary>
    public string? WorkerDll { get; init; }

    /// <summary>Extra environment variables for the worker, <c>NAME=VALUE</c>, e.g. <c>DOTNET_gcServer=0</c>.</summary>
    public IReadOnlyList<string> WorkerEnvironment { get; init; } = [];

    public static IReadOnlySet<string> AllParts { get; } = new HashSet<string>(["throughput", "latency", "memory"]);

    public static PipelineOptions Quick { get; } = new()
    {
        Messages = 2_000,
        Repetitions = 1,
        Backlog = 5_000,
        PartitionMemoryMessages = 20_000,
        BigMessageMegabytes = 10,
        LatencySeconds = 10,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the argument it cannot take.</summary>
    public static PipelineOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--quick") ? Quick : new PipelineOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                continue;
            }

            var (name, value) = (args[i], i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value."));
            options = name switch
            {
                "--messages" => options with { Messages = Count(name, value) },
                "--message-bytes" => options with { MessageBytes = Count(name, value) },
                "--repetitions" => options with { Repetitions = Count(name, value) },
                "--backlog" => options with { Backlog = Count(name, value) },
                "--partition-messages" => options with { PartitionMemoryMessages = Count(name, value) },
                "--big-mb" => options with { BigMessageMegabytes = Count(name, value) },
                "--latency-seconds" => options with { LatencySeconds = Count(name, value) },
                "--latency-rate" => options with { LatencyRate = Count(name, value) },
                "--only" when value.Split(',') is var parts && parts.All(AllParts.Contains) => options with { Parts = parts.ToHashSet() },
                "--concurrency" => options with { Concurrency = Count(name, value) },
                "--prefetch" => options with { Prefetch = (ushort)Math.Min(Count(name, value), ushort.MaxValue) },
                "--batch-messages" => options with { BatchMessages = Count(name, value) },
                "--rabbit-host" => options with { RabbitHost = value },
                "--s3-url" => options with { S3Url = new Uri(value) },
                "--worker" => options with { WorkerDll = value },
                "--worker-env" when value.Contains('=', StringComparison.Ordinal) =>
                    options with { WorkerEnvironment = [.. options.WorkerEnvironment, value] },
                _ => throw new ArgumentException($"Unknown option or value: {name} {value}"),
            };
        }

        return options;
    }

    /// <summary>An option's positive whole number (thousands separators allowed); throws <see cref="ArgumentException"/> naming the option otherwise.</summary>
    internal static int Count(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new ArgumentException($"{name} takes a positive whole number, not '{value}'.");
}
