using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using RabbitMQ.Client;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>
/// A batch's write is one span linked to each of its messages' spans; messages that RabbitMQ delivered again, or that
/// are held after a batch write that may have reached S3, are counted in <c>s3consumer.batches.redelivered</c>, as each
/// may be in two objects; each batch object written is measured in <c>s3consumer.batch.messages</c> by what closed it.
/// </summary>
[Collection(WholeProcessTelemetry.Name)]
public sealed class BatchTelemetryTests : IAsyncLifetime, IDisposable
{
    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly ConcurrentQueue<(long Count, string Destination)> redelivered = new();
    private readonly ConcurrentQueue<(long Count, string Destination)> held = new();
    private readonly ConcurrentQueue<(long Messages, string Destination, string ClosedBy)> batches = new();
    private readonly ActivityListener tracing;
    private readonly MeterListener metrics = new();
    private TestBed bed = null!;

    public BatchTelemetryTests()
    {
        tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        metrics.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkerTelemetry.Name && instrument.Name is "s3consumer.batches.redelivered" or "s3consumer.messages.held" or "s3consumer.batch.messages")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        metrics.SetMeasurementEventCallback<long>((instrument, count, tags, _) =>
        {
            var named = tags.ToArray();
            string Tag(string name) => named.Single(tag => tag.Key == name).Value as string ?? "";
            switch (instrument.Name)
            {
                case "s3consumer.batch.messages":
                    batches.Enqueue((count, Tag(WorkerTelemetry.DestinationTag), Tag(WorkerTelemetry.ClosedByTag)));
                    break;
                case "s3consumer.messages.held":
                    held.Enqueue((count, Tag(WorkerTelemetry.DestinationTag)));
                    break;
                default:
                    redelivered.Enqueue((count, Tag(WorkerTelemetry.DestinationTag)));
                    break;
            }
        });
    }

    public async Task InitializeAsync()
    {
        ActivitySource.AddActivityListener(tracing);
        metrics.Start();
        bed = (await TestBed.CreateAsync()).With(("Destinations:lake:Batch:MaxMessages", "4"), ("Destinations:lake:Batch:MaxWait", "00:05:00"));
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    public void Dispose()
    {
        tracing.Dispose();
        metrics.Dispose();
    }

    [Fact]
    public async Task Redelivered_messages_are_counted_and_the_batch_span_links_every_message()
    {
        // Two of the four are taken by another consumer and given back unacknowledged: RabbitMQ marks them redelivered.
        await bed.Broker.DeclareQueueAsync(bed.ReadQueue);
        for (var number = 0; number < 4; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number);
        }

        await using (var connection = await Broker.OpenConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            Assert.NotNull(await channel.BasicGetAsync(bed.ReadQueue, autoAck: false));
            Assert.NotNull(await channel.BasicGetAsync(bed.ReadQueue, autoAck: false));
        }

        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        var batch = Assert.Single(await BatchedObject.WaitForLinesAsync(bed.Bucket, 4));
        await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue);

        await Poll.UntilAsync(() => spans.Count(span => span.DisplayName.StartsWith("process ", StringComparison.Ordinal)) == 4, TimeSpan.FromSeconds(10), "4 process spans");
        var processes = spans.Where(span => span.DisplayName.StartsWith("process ", StringComparison.Ordinal)).ToList();
        var put = Assert.Single(spans, span => span.DisplayName == "S3.PutObject");
        var batchId = batch.Object.Key[(batch.Object.Key.IndexOf('_', StringComparison.Ordinal) + 1)..^".ndjson.gz".Length];
        Assert.All(processes, process => Assert.Equal((batchId, batch.Object.Key), ((string?)process.GetTagItem("s3consumer.batch.id"), (string?)process.GetTagItem("aws.s3.key"))));
        Assert.Equal(processes.Select(process => process.SpanId.ToHexString()).Order(), put.Links.Select(link => link.Context.SpanId.ToHexString()).Order());
        Assert.Equal((default, 4), (put.ParentSpanId, (int)put.GetTagItem("messaging.batch.message_count")!));
        Assert.Equal([(1L, "lake"), (1L, "lake")], redelivered);
    }

    [Fact]
    public async Task Each_batch_object_is_measured_by_what_closed_it_a_full_batch_and_the_one_a_stop_drains()
    {
        await using (var worker = await WorkerHost.StartAsync(bed.Settings))
        {
            for (var number = 0; number < 6; number++)
            {
                await bed.Broker.PublishAsync(bed.ReadQueue, number);
            }

            // Four fill a batch (MaxMessages 4); the other two wait, taken and unacknowledged, in the open one (MaxWait 5 minutes).
            await BatchedObject.WaitForLinesAsync(bed.Bucket, 4);
            await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue);
        }

        var objects = await BatchedObject.ReadAllAsync(bed.Bucket);
        Assert.Equal([4, 2], objects.Select(batch => batch.Lines.Count).OrderDescending());
        Assert.Equal([(2L, "lake", "drain"), (4L, "lake", "max_messages")], batches.Order());
        Assert.Equal(
            ["drain", "max_messages"],
            spans.Where(span => span.DisplayName == "S3.PutObject").Select(span => (string?)span.GetTagItem(WorkerTelemetry.ClosedByTag)).Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_held_after_a_write_that_may_have_reached_S3_counts_its_messages_and_one_refused_does_not(bool timesOut)
    {
        await using var proxied = await ProxiedAsync();
        if (timesOut)
        {
            proxied.Proxy.PutDelay = TimeSpan.FromSeconds(3); // S3 may still store what it got: the worker cannot know
        }
        else
        {
            proxied.Proxy.Refusal = S3Refusal.Of("InvalidAccessKeyId"); // refused before anything was stored
        }

        await using var worker = await WorkerHost.StartAsync(proxied.Settings);
        await PublishBatchAsync(proxied);

        await HeldAsync();
        Assert.Equal(timesOut ? Enumerable.Repeat((1L, "lake"), 4) : [], redelivered);
    }

    [Fact]
    public async Task A_batch_whose_first_attempt_timed_out_counts_its_messages_though_the_retry_is_refused()
    {
        await using var proxied = await ProxiedAsync();
        proxied.Proxy.PutDelay = TimeSpan.FromSeconds(3);
        await using var worker = await WorkerHost.StartAsync(proxied.Settings);
        await PublishBatchAsync(proxied);

        // The first attempt is held past its timeout (S3 may still store it); the retry is refused outright.
        await Poll.UntilAsync(() => proxied.Proxy.StartedPuts >= 1, TimeSpan.FromSeconds(30), "the batch's first PUT");
        proxied.Proxy.PutDelay = TimeSpan.Zero;
        proxied.Proxy.Refusal = S3Refusal.Of("InvalidAccessKeyId");

        await HeldAsync();
        Assert.Equal(2, proxied.Proxy.StartedPuts); // the timed-out attempt and the refused retry
        Assert.Equal(Enumerable.Repeat((1L, "lake"), 4), redelivered);
    }

    // A batch of four written through the fault proxy, each attempt of it under half a second, retried once a second later.
    private static async Task<TestBed> ProxiedAsync() => (await TestBed.CreateAsync(withProxy: true)).With(
        ("Destinations:lake:Batch:MaxMessages", "4"), ("Destinations:lake:Batch:MaxWait", "00:05:00"),
        ("S3:MaxRetryAttempts", "1"), ("S3:AttemptTimeout", "00:00:00.500"), ("S3:RetryDelay", "00:00:01"));

    private static async Task PublishBatchAsync(TestBed proxied)
    {
        for (var number = 0; number < 4; number++)
        {
            await proxied.Broker.PublishAsync(proxied.ReadQueue, number);
        }
    }

    private Task HeldAsync() => Poll.UntilAsync(() => held.Sum(change => change.Count) >= 4, TimeSpan.FromSeconds(30), "the batch's 4 messages held");
}
