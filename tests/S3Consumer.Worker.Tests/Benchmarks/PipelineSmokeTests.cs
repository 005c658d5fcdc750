using System.Text.Json;
using S3Consumer.Benchmarks.Pipeline;

namespace S3Consumer.Worker.Tests.Benchmarks;

/// <summary>
/// The pipeline benchmark (docs/performance.md) still works: its messages, B0 against s3rver and against the
/// blackhole, B1, and B2 and B3 with a worker process, on 200 messages each, and B4 (batches) on 1,000. CI doesn't run
/// the benchmark whole; this keeps its pieces from rotting.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Process")]
public sealed class PipelineSmokeTests
{
    private const int Messages = 200;

    [Fact]
    public void Bench_messages_have_the_exact_size_and_are_read_actions()
    {
        foreach (var size in new[] { 1024, 3 * 1024 * 1024 })
        {
            var body = BenchMessages.Body(size);

            Assert.Equal(size, body.Length);
            Assert.Equal("read", JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("action").GetString());
        }
    }

    [Fact]
    public async Task B0_and_B1_measure_positive_rates_against_s3rver_the_blackhole_and_the_broker()
    {
        var services = await LocalServices.DiscoverAsync(TestServices.RabbitHost, TestServices.S3Url);
        var body = BenchMessages.Body(1024);
        await using var bucket = await S3rverBucket.CreateAsync(services);
        await using var blackhole = await Blackhole.StartAsync();

        var s3 = await new S3Ceiling(concurrency: 16).RunAsync(bucket, Messages, body);
        var nothing = await new S3Ceiling(concurrency: 16).RunAsync(blackhole, Messages, body);
        var broker = await new BrokerCeiling(TestServices.RabbitHost, prefetch: 128).RunAsync(Messages, body, LocalServices.BrokerPid());

        Assert.Equal(new Written(Messages, Messages, Messages * 1024L), bucket.Written());
        Assert.Equal(new Written(Messages, Messages, Messages * 1024L), blackhole.Written());
        Assert.All([s3, nothing, broker], result => Assert.True(result.PerSecond > 0, result.Describe()));
        Assert.True(s3.Cpu.Seconds["s3rver"] > 0, s3.Describe());
    }

    [Fact]
    public async Task B2_and_B3_drain_a_queue_through_a_worker_process_into_s3rver_and_the_blackhole()
    {
        var services = await LocalServices.DiscoverAsync(TestServices.RabbitHost, TestServices.S3Url);
        var body = BenchMessages.Body(1024);
        var worker = new WorkerSettings(Path.Combine(AppContext.BaseDirectory, "S3Consumer.Worker.dll"), TestServices.RabbitHost, 16, 32, []);
        var drain = new WorkerDrain(services, worker);
        await using var bucket = await S3rverBucket.CreateAsync(services);
        await using var blackhole = await Blackhole.StartAsync();

        var b2 = await drain.RunAsync(bucket, Messages, body);
        var b3 = await drain.RunAsync(blackhole, Messages, body);

        Assert.All([b2, b3], result =>
        {
            Assert.Equal(new Written(Messages, Messages, Messages * 1024L), result.Written);
            Assert.True(result.PerSecond > 0 && result.Cpu.Seconds["worker"] > 0 && result.WorkerPeakRssBytes > 0 && result.AllocatedBytes > 0, result.Describe());
        });
    }

    [Fact]
    public async Task B4_drains_a_queue_into_gzip_batches_of_max_messages_each_in_s3rver_and_the_blackhole()
    {
        const int messages = 1000, batch = 500;
        var services = await LocalServices.DiscoverAsync(TestServices.RabbitHost, TestServices.S3Url);
        var body = BenchMessages.Body(1024);
        // Both batches written as they fill: a loaded machine may take longer than the benchmark's MaxWait of 2 s to fill one.
        var worker = new WorkerSettings(Path.Combine(AppContext.BaseDirectory, "S3Consumer.Worker.dll"), TestServices.RabbitHost, 16, 32,
            ["Destinations:bench:Batch:MaxWait=00:00:30"]);
        var drain = new WorkerDrain(services, worker.WithBatches(batch));
        await using var bucket = await S3rverBucket.CreateAsync(services);
        await using var blackhole = await Blackhole.StartAsync();

        var toS3rver = await drain.RunAsync(bucket, messages, body);
        var toBlackhole = await drain.RunAsync(blackhole, messages, body);

        Assert.All([toS3rver, toBlackhole], result =>
        {
            Assert.Equal((messages / batch, messages), (result.Written?.Objects, result.Written?.Messages));
            // The bench messages' records are padded with one letter: gzip takes them to a small fraction.
            Assert.InRange(result.Written!.Value.Bytes, 1, messages * 1024L / 10);
            Assert.True(result.PerSecond > 0 && result.Cpu.Seconds["worker"] > 0 && result.AllocatedBytes > 0, result.Describe());
            Assert.Equal("ConcurrentMessageLimit 516, PrefetchCount 532", result.RaisedLimits); // 16 and 32, each raised by the batch's 500
        });
    }

    [Fact]
    public async Task B4p_drains_a_queue_spread_over_partitions_in_whole_batches_into_the_blackhole()
    {
        const int messages = 1000, batch = 100, partitions = 3;
        var services = await LocalServices.DiscoverAsync(TestServices.RabbitHost, TestServices.S3Url);
        var worker = new WorkerSettings(Path.Combine(AppContext.BaseDirectory, "S3Consumer.Worker.dll"), TestServices.RabbitHost, 16, 32, []);
        await using var blackhole = await Blackhole.StartAsync();

        // B4p's long MaxWait: a batch closes full, never by time, however slowly a loaded machine fills it.
        var result = await new WorkerDrain(services, worker.WithPartitions(batch, partitions, maxWait: PipelineOptions.B4pMaxWait))
            .RunAsync(blackhole, messages, BenchMessages.Body(1024), new Partitioning(partitions, batch, messages, WholeBatches: true));

        // Ten batches over three partitions: four, three and three, every one full.
        Assert.Equal((messages / batch, messages), (result.Written?.Objects, result.Written?.Messages));
        Assert.Equal("ConcurrentMessageLimit 316, PrefetchCount 332", result.RaisedLimits); // raised by MaxMessages 100 times MaxOpenPartitions 3
    }

    [Fact]
    public async Task B5_drains_a_queue_of_ten_records_a_message_into_parquet_batches_in_the_blackhole()
    {
        const int messages = 1000, batch = 500;
        var services = await LocalServices.DiscoverAsync(TestServices.RabbitHost, TestServices.S3Url);
        var body = BenchMessages.Body(1024, PipelineOptions.B5xRecords);
        var worker = new WorkerSettings(Path.Combine(AppContext.BaseDirectory, "S3Consumer.Worker.dll"), TestServices.RabbitHost, 16, 32,
            ["Destinations:bench:Batch:MaxWait=00:00:30"]);
        await using var blackhole = await Blackhole.StartAsync();

        var result = await new WorkerDrain(services, worker.WithRows(batch, "parquet")).RunAsync(blackhole, messages, body);

        Assert.Equal((1024, PipelineOptions.B5xRecords), (body.Length, JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("result").GetArrayLength()));
        Assert.Equal((messages / batch, messages), (result.Written?.Objects, result.Written?.Messages));
        Assert.True(result.PerSecond > 0 && result.Cpu.Seconds["worker"] > 0, result.Describe());
    }
}
