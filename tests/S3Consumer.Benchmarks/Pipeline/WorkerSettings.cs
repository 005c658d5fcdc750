namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>How every worker process of a run is started: its assembly, its broker, its concurrency and any extra environment.</summary>
internal sealed record WorkerSettings(string Dll, string RabbitHost, int Concurrency, ushort Prefetch, IReadOnlyList<string> Environment);
