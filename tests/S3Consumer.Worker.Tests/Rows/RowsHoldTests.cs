using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// A destination of Parquet batches whose S3 refuses every write (a fault proxy in front of s3rver answers AccessDenied):
/// its messages are held in its holding queues, none lost or parked, and once it takes writes again they are written as
/// rows, each record once, as DuckDB reads them back.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Fault")]
public sealed class RowsHoldTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo downloaded = Directory.CreateTempSubdirectory("s3consumer-rows-hold-");
    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = (await TestBed.CreateAsync(withProxy: true)).With(
        ("S3:HoldDelay", "00:00:01"),
        ("Destinations:lake:Format", "parquet"), ("Destinations:lake:Batch:MaxMessages", "25"), ("Destinations:lake:Batch:MaxWait", "00:00:01"),
        ("Destinations:lake:Batch:PartitionBy", RowsSetup.ParquetPartitionBy));

    public async Task DisposeAsync() => await bed.DisposeAsync();

    public void Dispose() => downloaded.Delete(recursive: true);

    [Fact]
    public async Task Messages_held_while_S3_refuses_writes_are_written_as_rows_once_it_takes_them()
    {
        bed.Proxy.Refusal = S3Refusal.Of("AccessDenied");
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        var run = RowMessages.Create(bed.ReadQueue, bed.SubscribeQueue, reads: 60, urlReads: 0, subscribes: 40, path => path);
        await run.PublishAsync(bed.Broker, "lake");

        // Held, and probed again after the hold delay: a second refused PUT comes from a message back from its holding queue.
        var (readHolding, subscribeHolding) = (HoldingQueues.Name(bed.ReadQueue, "lake"), HoldingQueues.Name(bed.SubscribeQueue, "lake"));
        var held = 0u;
        await Poll.UntilAsync(
            async () => (held = await bed.Broker.CountAsync(readHolding) + await bed.Broker.CountAsync(subscribeHolding)) > 0 && bed.Proxy.StartedPuts >= 2,
            TimeSpan.FromSeconds(30), "messages held and the destination probed again", seen: () => $"{held} held, {bed.Proxy.StartedPuts} PUTs refused");
        Assert.Empty(bed.Proxy.Written);
        Assert.Empty(await bed.Bucket.KeysAsync());
        Assert.Equal((0u, 0u), (await bed.Broker.CountAsync($"{bed.ReadQueue}_error"), await bed.Broker.CountAsync($"{bed.SubscribeQueue}_error")));

        bed.Proxy.Refusal = null;
        IReadOnlyList<string> rows = [];
        await Poll.UntilAsync(
            async () => (rows = await WrittenRows.OfParquetAsync(await WrittenRows.ObjectsAsync(bed.Bucket), downloaded)).Count >= run.Rows.Count,
            TimeSpan.FromSeconds(60), $"the {run.Rows.Count} rows of the held messages, once S3 takes writes", interval: TimeSpan.FromMilliseconds(500),
            seen: () => $"{rows.Count} rows");

        Assert.Equal(run.Rows.Select(WrittenRows.Id).Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        await bed.Broker.WaitForCountAsync(readHolding, count => count == 0, "no message left held from the read queue");
        await bed.Broker.WaitForCountAsync(subscribeHolding, count => count == 0, "no message left held from the subscribe queue");
        Assert.Equal((0u, 0u), (await bed.Broker.CountAsync($"{bed.ReadQueue}_error"), await bed.Broker.CountAsync($"{bed.SubscribeQueue}_error")));
        output.WriteLine($"{run.Rows.Count} rows of {run.Count} messages written after {bed.Proxy.StartedPuts - bed.Proxy.Written.Count} refused PUTs, in {bed.Proxy.Written.Count} objects");
    }
}
