using System.Diagnostics;
using System.Text.Json.Nodes;
using S3Consumer.Testing.Telemetry;
using S3Consumer.Worker.Tests.Telemetry;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>
/// Batched objects never mix partitions: through RabbitMQ and S3, each object holds the messages of one
/// <c>Batch:PartitionBy</c> value under that value's prefix, every message once, and a worker killed halfway loses none.
/// The bounds on open partitions and on memory close batches early, as the metrics show; a batched template that reads
/// a message's fields stops the start, saying what keeps its layout.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class BatchPartitionTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Hive-style prefixes: group=g-1/object=contacts/dt=2025-10-14.
    private const string PartitionBy = "join('/', [join('', ['group=', data.groupRef]), join('', ['object=', metadata.objectName]), join('', ['dt=', time.date])])";
    private const int Messages = 10_000;
    private static readonly string[] Groups = ["g-1", "g-2", "g-3"];
    private static readonly string[] ObjectNames = ["contacts", "accounts"];
    private static readonly string[] Dates = ["2025-10-14", "2025-10-15"];

    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = (await TestBed.CreateAsync()).With(
        ("Destinations:lake:Batch:MaxMessages", "500"), ("Destinations:lake:Batch:MaxWait", "00:00:01"), ("Destinations:lake:Batch:PartitionBy", PartitionBy));

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_messages_over_twelve_partitions_are_each_written_once_under_their_own_prefix()
    {
        var started = Stopwatch.GetTimestamp();
        await using (var worker = await WorkerHost.StartAsync(bed.Settings))
        {
            await PublishAsync();
            await WaitForAllAsync(Messages);
        }

        var objects = await BatchedObject.ReadSettledAsync(bed.Bucket);
        output.WriteLine($"{Messages:N0} messages in {objects.Count} objects, {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s from the worker's start");

        Assert.Equal(Enumerable.Range(0, Messages), Partitioned(objects).Order());
        Assert.Equal(
            Groups.SelectMany(group => ObjectNames.SelectMany(objectName => Dates.Select(date => $"group={group}/object={objectName}/dt={date}"))).Order(StringComparer.Ordinal),
            objects.Select(batch => Prefix(batch.Object.Key)).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Category", "Fault")]
    public async Task A_worker_killed_halfway_and_started_again_loses_no_message_and_mixes_no_partition()
    {
        using (var first = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue))
        {
            await PublishAsync();
            var written = 0;
            await first.WaitUntilAsync(async () => (written = (await bed.Bucket.KeysAsync()).Count) >= 6, Poll.For(Messages),
                "the first worker to write 6 batch objects", seen: () => $"{written} objects");
            first.Kill();
        }

        // Once the killed worker's connection is gone, what it held unacknowledged is back in the queue.
        await Poll.UntilAsync(async () => await bed.Broker.ConsumerCountAsync(bed.ReadQueue) == 0, TimeSpan.FromSeconds(30), "the killed worker's consumer to go");
        var afterKill = await bed.Broker.CountAsync(bed.ReadQueue);
        using (var second = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue))
        {
            await WaitForAllAsync(Messages);
            await second.TerminateAsync();
        }

        // Read with no write under way: what is not whole now is what the kill cut off (s3rver keeps a PUT cut short;
        // S3 keeps an object whole or not at all), at most the batch writes in flight at once, Queues:ConcurrentMessageLimit.
        var objects = await BatchedObject.ReadSettledAsync(bed.Bucket);
        var numbers = Partitioned(objects.Where(batch => batch.Whole));
        var cut = objects.Count(batch => !batch.Whole);
        output.WriteLine($"{afterKill:N0} messages back in the queue after SIGKILL; {objects.Count} objects ({cut} cut off), {numbers.Count:N0} lines, {numbers.Count - Messages:N0} written twice");
        Assert.Equal(Enumerable.Range(0, Messages), numbers.Distinct().Order());
        Assert.InRange(cut, 0, new Worker.Messaging.QueueOptions().ConcurrentMessageLimit);
    }

    [Fact]
    public async Task A_thousand_partitions_within_fifty_open_and_8_MiB_are_all_written_and_the_batches_closed_early_are_measured()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        bed.With(
            ("Destinations:lake:Batch:PartitionBy", "data.groupRef"), ("Destinations:lake:Batch:MaxOpenPartitions", "50"), ("Batches:MaxBufferedBytes", "8388608"),
            ("Destinations:lake:Batch:MaxMessages", "1000"), ("Destinations:lake:Batch:MaxWait", "00:00:30"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_METRIC_EXPORT_INTERVAL", "500"));
        using var worker = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);

        // 50 partitions take six messages of 16 KB each, more than 8 MiB waiting in all; then 950 more partitions a
        // message each, every one a partition more than the 50 that may be open.
        var number = 0;
        for (var round = 0; round < 6; round++)
        {
            for (var partition = 0; partition < 50; partition++)
            {
                await bed.Broker.PublishAsync(bed.ReadQueue, number, BatchBodies.Of(number++, $"p-{partition:D4}", "contacts", Dates[0], padding: 16 * 1024));
            }
        }

        for (var partition = 50; partition < 1000; partition++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number, BatchBodies.Of(number++, $"p-{partition:D4}", "contacts", Dates[0]));
        }

        await receiver.WaitUntilAsync(
            received => Closed(received, "partitions") > 0 && Closed(received, "memory") > 0
                        && received.MetricPoints.Any(point => point.Name == "s3consumer.batches.open")
                        && received.MetricPoints.Any(point => point.Name == "s3consumer.batches.buffered_bytes"),
            TimeSpan.FromSeconds(60));

        // The bounds are seen before the last messages may have left the queue: a stop now would leave them there, unwritten.
        await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue);
        await worker.TerminateAsync(); // the batches still open are written as the worker stops

        var objects = await BatchedObject.ReadSettledAsync(bed.Bucket);
        var lines = objects.SelectMany(batch => batch.Lines.Select(line => (Prefix: Prefix(batch.Object.Key), Line: line))).ToList();
        output.WriteLine($"{number:N0} messages in {objects.Count:N0} objects; batches closed by partitions {Closed(receiver, "partitions")}, by memory {Closed(receiver, "memory")}");
        Assert.All(objects, batch => Assert.True(batch.Whole, batch.Object.Key));
        Assert.Equal(Enumerable.Range(0, number), lines.Select(line => BatchBodies.NumberOf(line.Line)).Order());
        Assert.All(lines, line => Assert.Equal(line.Prefix, (string?)JsonNode.Parse(line.Line)!["data"]!["groupRef"]));
        Assert.Equal(1000, lines.Select(line => line.Prefix).Distinct().Count());
    }

    [Fact]
    public async Task A_batched_template_that_reads_a_messages_fields_stops_the_start_saying_what_keeps_its_layout()
    {
        var settings = WorkerHost.Settings(bed.Bucket.Name,
            ("Destinations:lake:Batch:MaxMessages", "100"), ("Destinations:lake:ObjectKeyTemplate", "join('/', [metadata.objectName, time.date, metadata.\"event-id\"])"));

        using var worker = await WorkerProcess.RunToExitAsync(settings, TimeSpan.FromSeconds(60));

        Assert.Equal(1, worker.ExitCode);
        var refusal = Assert.Single(worker.Output, line => line.StartsWith("S3Consumer cannot start:", StringComparison.Ordinal));
        Assert.Contains(
            "reads metadata.objectName, time.date and metadata.\"event-id\" of each message, but a batch holds many messages", refusal, StringComparison.Ordinal);
        Assert.EndsWith(
            "to keep this layout, set Batch:PartitionBy to join('/', [metadata.objectName, time.date]) and ObjectKeyTemplate to join('', [batch.partition, '/', batch.id, '.ndjson.gz']).",
            refusal, StringComparison.Ordinal);
    }

    // The message numbered i: of group i mod 3, object (i / 3) mod 2 and day (i / 6) mod 2, so that the twelve partitions
    // take turns.
    private async Task PublishAsync()
    {
        for (var number = 0; number < Messages; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number, BatchBodies.Of(number, Groups[number % 3], ObjectNames[number / 3 % 2], Dates[number / 6 % 2]));
        }
    }

    private Task WaitForAllAsync(int messages)
    {
        var seen = 0;
        return Poll.UntilAsync(
            async () => (seen = (await BatchedObject.ReadSettledAsync(bed.Bucket)).SelectMany(batch => batch.Lines).Select(BatchBodies.NumberOf).Distinct().Count()) >= messages,
            Poll.For(messages), $"{messages:N0} messages in batch objects", TimeSpan.FromSeconds(1), () => $"{seen:N0}");
    }

    // The number of every line, each line's group, object and day checked against its object's prefix.
    private static List<int> Partitioned(IEnumerable<BatchedObject> objects)
    {
        var numbers = new List<int>();
        foreach (var batch in objects)
        {
            Assert.True(batch.Whole, $"{batch.Object.Key} is not whole NDJSON");
            foreach (var line in batch.Lines)
            {
                var data = JsonNode.Parse(line)!["data"]!;
                Assert.Equal(
                    $"group={(string?)data["groupRef"]}/object={(string?)data["objectName"]}/dt={((string)data["operationTime"]!)[..10]}", Prefix(batch.Object.Key));
                numbers.Add(BatchBodies.NumberOf(line));
            }
        }

        return numbers;
    }

    private static string Prefix(string key) => key[..key.LastIndexOf('/')];

    // The batches S3 accepted that a reason closed, as last exported (the histogram counts from the start).
    private static ulong Closed(OtlpReceiver received, string reason) =>
        received.MetricPoints.Where(point => point.Name == "s3consumer.batch.messages" && (string?)point.Attributes.GetValueOrDefault("s3consumer.batch.closed_by") == reason)
            .Select(point => point.Count ?? 0).DefaultIfEmpty().Max();
}
