using System.Globalization;
using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>How long a soak runs, from which seed, at what rate: <c>soak [--quick] [--name value]...</c>.</summary>
internal sealed record SoakOptions
{
    public const string Usage = """
        usage: soak [--quick] [--minutes N] [--seed N] [--rate N] [--hold-delay-seconds N] [--s3-url URL] [--worker PATH/S3Consumer.Worker.dll]
          --minutes: how long traffic and faults last (default 30; --quick: 5); draining and counting follow.
          --seed: the seed of the traffic and of the fault schedule (default: a random one); a run prints its own, so
                  that it can be repeated.
          --rate: messages a second, all publishers together (default 20).
          --hold-delay-seconds: the workers' S3:HoldDelay (default 10); the recovery goal is twice this.
          It starts what does not run: s3rver and RabbitMQ with scripts/services.sh, the three-node cluster with
          scripts/cluster.sh (and removes the cluster at the end if it started it). Without --worker,
          src/S3Consumer.Worker is built in Release first. Exits 1 if a goal is not met, 2 on a bad option.
        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);

    public int Seed { get; init; } = Random.Shared.Next();

    /// <summary>Messages a second, all publishers together.</summary>
    public int Rate { get; init; } = 20;

    /// <summary>The workers' <c>S3:HoldDelay</c>.</summary>
    public TimeSpan HoldDelay { get; init; } = TimeSpan.FromSeconds(10);

    public Uri S3Url { get; init; } = new("http://127.0.0.1:4568");

    /// <summary>A worker already built; without it, src/S3Consumer.Worker is built in Release.</summary>
    public string? WorkerDll { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the argument it cannot take.</summary>
    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = args.Contains("--quick") ? new SoakOptions { Duration = TimeSpan.FromMinutes(5) } : new SoakOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                continue;
            }

            var (name, value) = (args[i], i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value."));
            options = name switch
            {
                "--minutes" => options with { Duration = TimeSpan.FromMinutes(PipelineOptions.Count(name, value)) },
                "--seed" => options with { Seed = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : throw new ArgumentException($"--seed takes a whole number from 0 to {int.MaxValue}, not '{value}'.") },
                "--rate" => options with { Rate = PipelineOptions.Count(name, value) },
                "--hold-delay-seconds" => options with { HoldDelay = TimeSpan.FromSeconds(PipelineOptions.Count(name, value)) },
                "--s3-url" => options with { S3Url = new Uri(value) },
                "--worker" => options with { WorkerDll = value },
                _ => throw new ArgumentException($"Unknown option or value: {name} {value}"),
            };
        }

        return options;
    }
}
