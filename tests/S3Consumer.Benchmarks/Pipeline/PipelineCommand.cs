namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// <c>pipeline [--quick] [options]</c>: measures the pipeline against the local RabbitMQ and s3rver and prints each figure's
/// median and range (docs/performance.md). Exits 1 if a measurement failed, 2 on a bad option.
/// </summary>
internal static class PipelineCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PipelineOptions options;
        try
        {
            options = PipelineOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            await output.WriteLineAsync($"{error.Message}{Environment.NewLine}{PipelineOptions.Usage}");
            return 2;
        }

        var services = await LocalServices.DiscoverAsync(options.RabbitHost, options.S3Url);
        using var build = await WorkerBuild.LocateAsync(options.WorkerDll);
        var worker = new WorkerSettings(build.Dll, options.RabbitHost, options.Concurrency, options.Prefetch, options.WorkerEnvironment);
        await using (var broker = await Broker.ConnectAsync(options.RabbitHost))
        {
            await output.WriteLineAsync(Text.Invariant($"""
                S3Consumer pipeline benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
                machine   {Machine.Describe()}
                services  RabbitMQ {broker.Version} on {options.RabbitHost} (pid {LocalServices.BrokerPid()}); s3rver {services.S3Version} at {options.S3Url} (pid {services.S3Pid()}, data {services.S3DataDirectory})
                worker    {build.Source}, run as dotnet {worker.Dll}: ConcurrentMessageLimit {options.Concurrency}, PrefetchCount {options.Prefetch}{string.Concat(options.WorkerEnvironment.Select(setting => ", " + setting))}
                B4        the same worker with {string.Join(", ", WorkerSettings.BatchSettings(options.BatchMessages).Select(setting => $"{setting.Key}={setting.Value}"))}; its prefetch and concurrency as above, which the worker raises by MaxMessages itself
                B4p       B4's worker and messages, with {string.Join(", ", WorkerSettings.PartitionSettings(PipelineOptions.B4pPartitions, PipelineOptions.B4pBufferedBytes, PipelineOptions.B4pMaxWait).Select(setting => $"{setting.Key}={setting.Value}"))}, the messages' connection-id headers spread over {PipelineOptions.B4pPartitions} values in whole batches
                B5        B4's worker and messages, its batches written as rows: Format=parquet (B5), Format=records (B5r), Format=parquet with {PipelineOptions.B5xRecords} records in each message of the same size (B5x)
                memory    {options.PartitionMemoryMessages:N0} messages over {PipelineOptions.MemoryPartitions:N0} partitions, each its own connection-id, with {string.Join(", ", WorkerSettings.PartitionSettings(PipelineOptions.MemoryPartitions, PipelineOptions.MemoryBufferedBytes).Select(setting => $"{setting.Key}={setting.Value}"))}
                sizes     {options.Messages:N0} messages of {options.MessageBytes:N0} bytes per throughput run; backlog {options.Backlog:N0}; big message {options.BigMessageMegabytes} MB; latency load {options.LatencySeconds} s; {options.Repetitions} repetition(s)
                """));
        }

        var run = new PipelineRun(options, services, worker, output);
        await run.RunAsync();
        return run.Failures == 0 ? 0 : 1;
    }
}
