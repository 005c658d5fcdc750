namespace S3Consumer.Benchmarks.Soak;

/// <summary>A worker process's resident memory, threads and open file descriptors at a moment of the run.</summary>
internal sealed record ResourceSample(int Worker, int Generation, TimeSpan At, long RssBytes, int Threads, int Handles);
