namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>Runs each job once per repetition, prints each result as it comes, and then the report of medians and ranges.</summary>
internal sealed class PipelineRun(PipelineOptions options, LocalServices services, WorkerSettings worker, TextWriter output)
{
    private readonly Report report = new();
    private readonly List<string> failures = [];

    public int Failures => failures.Count;

    public async Task RunAsync()
    {
        var body = BenchMessages.Body(options.MessageBytes);
        var drain = new WorkerDrain(services, worker);
        var batches = new WorkerDrain(services, worker.WithBatches(options.BatchMessages));
        var partitioned = new WorkerDrain(services, worker.WithPartitions(options.BatchMessages, PipelineOptions.B4pPartitions, PipelineOptions.B4pBufferedBytes, PipelineOptions.B4pMaxWait));
        var parquet = new WorkerDrain(services, worker.WithRows(options.BatchMessages, "parquet"));
        var records = new WorkerDrain(services, worker.WithRows(options.BatchMessages, "records"));
        var tenRecords = BenchMessages.Body(options.MessageBytes, PipelineOptions.B5xRecords);
        var spread = new Partitioning(PipelineOptions.B4pPartitions, options.BatchMessages, options.Messages, WholeBatches: true);
        var runs = new List<ThroughputRepetition>();
        for (var repetition = 1; repetition <= options.Repetitions && options.Parts.Contains("throughput"); repetition++)
        {
            await output.WriteLineAsync(Text.Invariant($"repetition {repetition}/{options.Repetitions}, load average {Machine.LoadAverage()}"));
            var ceiling = new S3Ceiling(options.Concurrency);
            var b0Before = await MeasureAsync("B0 to s3rver, before B2      ",
                () => OnS3rverAsync(bucket => ceiling.RunAsync(bucket, options.Messages, body)), result => result.Describe());
            var sdk = await MeasureAsync("B0 to blackhole (S3 client)  ",
                () => OnBlackholeAsync(blackhole => ceiling.RunAsync(blackhole, options.Messages, body)), result => result.Describe());
            var b1 = await MeasureAsync("B1 raw consume + ack         ",
                () => new BrokerCeiling(options.RabbitHost, options.Prefetch).RunAsync(options.Messages, body, LocalServices.BrokerPid()),
                result => result.Describe());
            var b2 = await MeasureAsync("B2 worker to s3rver          ",
                () => OnS3rverAsync(bucket => drain.RunAsync(bucket, options.Messages, body)), result => result.Describe());
            var b0After = await MeasureAsync("B0 to s3rver, after B2       ",
                () => OnS3rverAsync(bucket => ceiling.RunAsync(bucket, options.Messages, body)), result => result.Describe());
            var b3 = await MeasureAsync("B3 worker to blackhole       ",
                () => OnBlackholeAsync(blackhole => drain.RunAsync(blackhole, options.Messages, body)), result => result.Describe());
            var b4Blackhole = await MeasureAsync("B4 batches to blackhole      ",
                () => OnBlackholeAsync(blackhole => batches.RunAsync(blackhole, options.Messages, body)), result => result.Describe());
            var b4S3rver = await MeasureAsync("B4 batches to s3rver         ",
                () => OnS3rverAsync(bucket => batches.RunAsync(bucket, options.Messages, body)), result => result.Describe());
            var b4p = await MeasureAsync("B4p 12 partitions to blackhole",
                () => OnBlackholeAsync(blackhole => partitioned.RunAsync(blackhole, options.Messages, body, spread)), result => result.Describe());
            var b5 = await MeasureAsync("B5 Parquet to blackhole       ",
                () => OnBlackholeAsync(blackhole => parquet.RunAsync(blackhole, options.Messages, body)), result => result.Describe());
            var b5r = await MeasureAsync("B5r NDJSON rows to blackhole  ",
                () => OnBlackholeAsync(blackhole => records.RunAsync(blackhole, options.Messages, body)), result => result.Describe());
            var b5x = await MeasureAsync(Text.Invariant($"B5x Parquet, {PipelineOptions.B5xRecords} records a message"),
                () => OnBlackholeAsync(blackhole => parquet.RunAsync(blackhole, options.Messages, tenRecords)), result => result.Describe());
            // s3rver slows down as it takes PUTs (its CPU per PUT doubles over the first 40,000): B0 on both sides of B2 cancels that drift.
            runs.Add(new ThroughputRepetition(Throughput.Pooled(b0Before, b0After), sdk, b1, b2, b3, b4Blackhole, b4S3rver, b4p, b5, b5r, b5x));
            ThroughputFigures.Add(report, options, runs[^1]);
        }

        var b2Rates = runs.Select(run => run.B2?.PerSecond).OfType<double>().ToList();
        if (options.Parts.Contains("latency"))
        {
            await MeasureLatencyAsync(options.LatencyRate ?? (b2Rates.Count > 0 ? b2Rates.Order().ElementAt(b2Rates.Count / 2) / 2 : (double?)null), body);
        }

        if (options.Parts.Contains("memory"))
        {
            await MeasureMemoryAsync(drain, body, runs);
        }

        await output.WriteLineAsync();
        report.Write(output);
        if (failures.Count > 0)
        {
            await output.WriteLineAsync($"FAILED, so missing above: {string.Join("; ", failures)}");
        }
    }

    private static async Task<Throughput> OnBlackholeAsync(Func<IObjectSink, Task<Throughput>> run)
    {
        await using var blackhole = await Blackhole.StartAsync();
        return await run(blackhole);
    }

    private async Task<Throughput> OnS3rverAsync(Func<IObjectSink, Task<Throughput>> run)
    {
        await using var bucket = await S3rverBucket.CreateAsync(services);
        return await run(bucket);
    }

    private async Task MeasureLatencyAsync(double? load, byte[] body)
    {
        if (load is not { } rate)
        {
            failures.Add("latency");
            await output.WriteLineAsync("  latency: FAILED: no B2 rate to take half of; give --latency-rate");
            return;
        }

        var (duration, warmUp) = (TimeSpan.FromSeconds(options.LatencySeconds), TimeSpan.FromSeconds(Math.Min(3, options.LatencySeconds / 3.0)));
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            var latency = await MeasureAsync(Text.Invariant($"latency at {rate:N0} msg/s ({repetition})"),
                () => new PublishLatency(services, worker).RunAsync(rate, duration, warmUp, body), result => result.Describe());
            if (latency is not null)
            {
                var name = Text.Invariant($"publish to PUT received (blackhole) at {rate:N0} msg/s{(options.LatencyRate is null ? " (half of B2)" : "")}, {options.LatencySeconds} s");
                report.Add($"{name}: p50", latency.Percentile(0.5), "N1", "ms");
                report.Add($"{name}: p99", latency.Percentile(0.99), "N1", "ms");
            }
        }
    }

    /// <summary>
    /// The backlog's peak RSS, rate, allocation and warm CPU (against the same repetition's bare PutObject loop, when the
    /// throughput part ran), and the one big message's peak RSS.
    /// </summary>
    private async Task MeasureMemoryAsync(WorkerDrain drain, byte[] body, List<ThroughputRepetition> runs)
    {
        var big = BenchMessages.Body(options.BigMessageMegabytes * 1024 * 1024);
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            var backlog = await MeasureAsync(Text.Invariant($"backlog of {options.Backlog:N0} ({repetition})"),
                () => OnBlackholeAsync(blackhole => drain.RunAsync(blackhole, options.Backlog, body)), result => result.Describe());
            if (backlog?.WorkerPeakRssBytes is { } rss)
            {
                report.Add(Text.Invariant($"worker peak RSS draining {options.Backlog:N0} messages (to blackhole)"), Text.Megabytes(rss), "N0", "MB",
                    Goal.AtMost(256));
                report.Add(Text.Invariant($"worker rate draining {options.Backlog:N0} messages (to blackhole)"), backlog.PerSecond, "N0", "msg/s");
            }

            if (backlog?.AllocatedKilobytesPerMessage is { } allocated)
            {
                report.Add(Text.Invariant($"worker allocation per message draining {options.Backlog:N0}"), allocated, "N1", "KB", Goal.AtMost(20));
            }

            ThroughputFigures.AddCpuAgainstSdk(report, runs.ElementAtOrDefault(repetition - 1), backlog, options.Backlog);

            // Every partition open, with room for its whole batch: what bounds the worker's memory is Batches:MaxBufferedBytes alone.
            var partitionMemory = await MeasureAsync(Text.Invariant($"{options.PartitionMemoryMessages:N0} over {PipelineOptions.MemoryPartitions:N0} partitions ({repetition})"),
                () => OnBlackholeAsync(blackhole => new WorkerDrain(services, worker.WithPartitions(options.BatchMessages, PipelineOptions.MemoryPartitions, PipelineOptions.MemoryBufferedBytes))
                    .RunAsync(blackhole, options.PartitionMemoryMessages, body,
                        new Partitioning(PipelineOptions.MemoryPartitions, options.BatchMessages, options.PartitionMemoryMessages, WholeBatches: false))),
                result => result.Describe());
            if (partitionMemory?.WorkerPeakRssBytes is { } partitionRss)
            {
                report.Add(Text.Invariant($"worker peak RSS over {PipelineOptions.MemoryPartitions:N0} partitions, Batches:MaxBufferedBytes {Text.Megabytes(PipelineOptions.MemoryBufferedBytes):N0} MiB"),
                    Text.Megabytes(partitionRss), "N0", "MB", Goal.AtMost(256));
                report.Add(Text.Invariant($"worker rate over {PipelineOptions.MemoryPartitions:N0} partitions (to blackhole)"), partitionMemory.PerSecond, "N0", "msg/s");
            }

            var memory = await MeasureAsync(Text.Invariant($"one {options.BigMessageMegabytes} MB message ({repetition})"),
                () => new BigMessageMemory(services, worker).RunAsync(big), result => result.Describe());
            if (memory is not null)
            {
                report.Add("worker RSS idle after start", Text.Megabytes(memory.IdleRssBytes), "N0", "MB");
                report.Add(Text.Invariant($"worker peak RSS writing one {options.BigMessageMegabytes} MB message to s3rver"),
                    Text.Megabytes(memory.PeakRssBytes), "N0", "MB");
                report.Add("... as a multiple of the payload", memory.PeakPerPayload, "N2", "x", Goal.AtMost(3));
            }
        }
    }

    /// <summary>
    /// Runs one measurement once the services run. One that failed while RabbitMQ or s3rver restarted (a test run on the
    /// same machine may stop them) is tried once more; any other failure is printed and counted, and the run goes on
    /// without that figure.
    /// </summary>
    private async Task<T?> MeasureAsync<T>(string label, Func<Task<T>> measure, Func<T, string> describe) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var processes = services.Processes();
            try
            {
                await services.WaitUntilUpAsync();
                processes = services.Processes();
                var result = await measure();
                await output.WriteLineAsync($"  {label}: {describe(result)}");
                return result;
            }
            catch (Exception error) when (attempt == 1 && services.Processes() != processes)
            {
                await output.WriteLineAsync($"  {label}: failed as a service restarted, trying once more: {error.GetType().Name}: {FirstLine(error.Message)}");
            }
            catch (Exception error)
            {
                failures.Add(label.Trim());
                await output.WriteLineAsync($"  {label}: FAILED: {error.GetType().Name}: {error.Message}");
                return null;
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
