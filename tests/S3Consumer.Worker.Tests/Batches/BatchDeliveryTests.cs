using S3Consumer.Tool.Errors;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>
/// A destination with <c>Batch:MaxMessages</c> writes NDJSON objects of many messages, each line the message's
/// <c>{"data": ...}</c> byte for byte; a message is acknowledged only once its batch's object is written.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class BatchDeliveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = await TestBed.CreateAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Theory]
    [InlineData("gzip", ".ndjson.gz")]
    [InlineData("zstd", ".ndjson.zst")]
    [InlineData("none", ".ndjson")]
    public async Task Batches_close_at_MaxMessages_and_read_back_line_for_line(string compression, string suffix)
    {
        bed.With(("Destinations:lake:Batch:MaxMessages", "10"), ("Destinations:lake:Batch:MaxWait", "00:05:00"), ("Destinations:lake:Batch:Compression", compression));
        await using var worker = await WorkerHost.StartAsync(bed.Settings);

        for (var number = 0; number < 30; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number);
        }

        var objects = await BatchedObject.WaitForLinesAsync(bed.Bucket, 30);

        Assert.Equal(3, objects.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(number => BatchBodies.Of(number)), objects.SelectMany(batch => batch.Lines).Order(StringComparer.Ordinal));
        Assert.All(objects, batch =>
        {
            Assert.EndsWith(suffix, batch.Object.Key, StringComparison.Ordinal);
            Assert.Equal(("application/x-ndjson", compression == "none" ? null : compression), (batch.Object.ContentType, batch.Object.ContentEncoding));
            Assert.Equal("10", batch.Metadata("batch-count"));
            Assert.Equal(BatchBodies.EventId(BatchBodies.NumberOf(batch.Lines[0])), batch.Metadata("batch-first-event-id"));
            Assert.Equal(BatchBodies.EventId(BatchBodies.NumberOf(batch.Lines[^1])), batch.Metadata("batch-last-event-id"));
            Assert.Equal(("p-1", "contacts", "2025-10-14T02:58:59.323405308Z"), (batch.Metadata("projectid"), batch.Metadata("objectname"), batch.Metadata("batch-first-timestamp")));
        });
        await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue);
    }

    [Fact]
    public async Task Batches_close_at_MaxBytes()
    {
        // Every line is 500 bytes with its newline: a batch reaches MaxBytes with its fifth message.
        var lineBytes = Encoding.UTF8.GetByteCount(BatchBodies.Of(0, Padding(500))) + 1;
        Assert.Equal(500, lineBytes);
        bed.With(("Destinations:lake:Batch:MaxMessages", "1000"), ("Destinations:lake:Batch:MaxBytes", "2500"), ("Destinations:lake:Batch:MaxWait", "00:05:00"));
        await using var worker = await WorkerHost.StartAsync(bed.Settings);

        for (var number = 0; number < 20; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number, padding: Padding(500));
        }

        var objects = await BatchedObject.WaitForLinesAsync(bed.Bucket, 20);

        Assert.Equal([5, 5, 5, 5], objects.Select(batch => batch.Lines.Count));
    }

    [Fact]
    public async Task A_batch_short_of_its_limits_is_written_MaxWait_after_its_first_message()
    {
        bed.With(("Destinations:lake:Batch:MaxMessages", "1000"), ("Destinations:lake:Batch:MaxWait", "00:00:01"));
        await using var worker = await WorkerHost.StartAsync(bed.Settings);

        for (var number = 0; number < 3; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number);
        }

        var objects = await BatchedObject.WaitForLinesAsync(bed.Bucket, 3);

        var batch = Assert.Single(objects);
        Assert.Equal("3", batch.Metadata("batch-count"));
        await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue);
    }

    [Fact]
    public async Task A_bad_message_goes_alone_to_the_error_queue_and_its_batch_is_written_without_it()
    {
        bed.With(("Destinations:lake:Batch:MaxMessages", "5"), ("Destinations:lake:Batch:MaxWait", "00:05:00"));
        await using var worker = await WorkerHost.StartAsync(bed.Settings);

        for (var number = 0; number < 6; number++)
        {
            if (number == 2)
            {
                // No time anywhere: the message cannot be written, by itself or in a batch.
                await bed.Broker.PublishRawAsync(bed.ReadQueue, Encoding.UTF8.GetBytes(BatchBodies.Of(number).Replace("\"operationTime\"", "\"otherTime\"", StringComparison.Ordinal)),
                    new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "poison");
                continue;
            }

            await bed.Broker.PublishAsync(bed.ReadQueue, number);
        }

        var objects = await BatchedObject.WaitForLinesAsync(bed.Bucket, 5);
        await using var connection = await Broker.OpenConnectionAsync();
        var errors = new ErrorQueueClient(connection, $"{bed.ReadQueue}_error");
        await bed.Broker.WaitForCountAsync(errors.Name, count => count == 1, "the bad message");

        Assert.Equal([0, 1, 3, 4, 5], Assert.Single(objects).Lines.Select(BatchBodies.NumberOf).Order());
        var failed = Assert.Single(await errors.ListAsync(limit: 10));
        Assert.Equal("poison", failed.MessageId);
        Assert.StartsWith("Missing field: the message has no time", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_destinations_never_share_an_object()
    {
        await using var sea = await S3Bucket.CreateAsync();
        bed.WithDestination("sea", sea.Name).With(
            ("Destinations:lake:Batch:MaxMessages", "10"), ("Destinations:lake:Batch:MaxWait", "00:00:01"),
            ("Destinations:sea:Batch:MaxMessages", "10"), ("Destinations:sea:Batch:MaxWait", "00:00:01"));
        await using var worker = await WorkerHost.StartAsync(bed.Settings);

        for (var number = 0; number < 40; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number, destination: number % 2 == 0 ? "lake" : "sea");
        }

        var lake = await BatchedObject.WaitForLinesAsync(bed.Bucket, 20);
        var seaObjects = await BatchedObject.WaitForLinesAsync(sea, 20);

        Assert.Equal(Enumerable.Range(0, 20).Select(number => number * 2), lake.SelectMany(batch => batch.Lines).Select(BatchBodies.NumberOf).Order());
        Assert.Equal(Enumerable.Range(0, 20).Select(number => (number * 2) + 1), seaObjects.SelectMany(batch => batch.Lines).Select(BatchBodies.NumberOf).Order());
        Assert.All(lake, batch => Assert.Equal("lake", batch.Metadata("destinationid")));
        Assert.All(seaObjects, batch => Assert.Equal("sea", batch.Metadata("destinationid")));
        output.WriteLine($"lake: {lake.Count} objects, sea: {seaObjects.Count} objects");
    }

    [Fact]
    public async Task Batches_for_a_missing_bucket_are_held_and_written_once_it_exists()
    {
        await using var later = await S3Bucket.CreateAsync();
        await later.Client.DeleteBucketAsync(later.Name);
        bed.WithDestination("later", later.Name).With(
            ("Destinations:later:Batch:MaxMessages", "5"), ("Destinations:later:Batch:MaxWait", "00:00:01"), ("S3:HoldDelay", "00:00:02"));
        await using var worker = await WorkerHost.StartAsync(bed.Settings);

        for (var number = 0; number < 10; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number, destination: "later");
        }

        await bed.Broker.WaitForCountAsync(HoldingQueues.Name(bed.ReadQueue, "later"), count => count > 0, "messages held for the missing bucket");
        await later.Client.PutBucketAsync(later.Name);

        var objects = await BatchedObject.WaitForLinesAsync(later, 10);
        Assert.Equal(Enumerable.Range(0, 10), objects.SelectMany(batch => batch.Lines).Select(BatchBodies.NumberOf).Order());
        await bed.Broker.WaitUntilEmptyAsync(HoldingQueues.Name(bed.ReadQueue, "later"));
        Assert.Equal(0u, await bed.Broker.CountAsync($"{bed.ReadQueue}_error"));
    }

    [Fact]
    public async Task Batches_raise_the_queues_limits_but_one_object_writes_stay_within_ConcurrentMessageLimit()
    {
        // lake writes one object per message through the proxy; pond's batches make the queue take 20 more at once.
        await using var proxied = (await TestBed.CreateAsync(withProxy: true)).WithDestination("pond", bed.Bucket.Name).With(
            ("Destinations:pond:Batch:MaxMessages", "20"), ("Queues:ConcurrentMessageLimit", "2"), ("Queues:PrefetchCount", "2"));
        proxied.Proxy.PutDelay = TimeSpan.FromMilliseconds(300);
        await using var worker = await WorkerHost.StartAsync(proxied.Settings);

        for (var number = 0; number < 10; number++)
        {
            await proxied.Broker.PublishAsync(proxied.ReadQueue, number);
        }

        await Poll.UntilAsync(() => proxied.Proxy.Written.Count >= 10, TimeSpan.FromSeconds(30), "10 objects written through the proxy");
        Assert.Equal(2, proxied.Proxy.MostPutsAtOnce);
    }

    // The padding that makes a message's line exactly `bytes` long with its newline.
    private static int Padding(int bytes) => bytes - Encoding.UTF8.GetByteCount(BatchBodies.Of(0)) - 1;
}
