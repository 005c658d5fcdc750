namespace S3Consumer.Benchmarks.Soak;

/// <summary>One process of a worker: its generation (1 at the start, one more at each restart), pid, life and how it ended.</summary>
internal sealed record WorkerRun(int Worker, int Generation, int Pid, TimeSpan Started)
{
    public TimeSpan? Ended { get; set; }

    /// <summary>SIGKILL, SIGTERM (exit code), or null while it runs.</summary>
    public string? EndedBy { get; set; }

    /// <summary>Every line it wrote, standard output and error.</summary>
    public IReadOnlyCollection<string> Output { get; init; } = [];

    /// <summary>Its name in the telemetry (<c>OTEL_SERVICE_NAME</c>) and in the report.</summary>
    public string Name => $"w{Worker}.{Generation}";
}
