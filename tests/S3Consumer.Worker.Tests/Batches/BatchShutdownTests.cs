using System.Globalization;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>
/// A worker that stops writes its open batches first; one that is killed loses nothing, because no message of a batch
/// is acknowledged before S3 has the batch's object: every message is found in some object, some maybe twice.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Fault")]
public sealed class BatchShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = await TestBed.CreateAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task SIGTERM_writes_the_open_batch_before_the_worker_exits()
    {
        bed.With(("Destinations:lake:Batch:MaxMessages", "1000"), ("Destinations:lake:Batch:MaxWait", "00:10:00"));
        using var worker = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);

        // Started, not only consuming: a stop while it still starts returns the messages to the queue unwritten.
        await worker.WaitUntilAsync(() => Task.FromResult(worker.Output.Any(line => line.Contains("Application started", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the worker to have started");
        for (var number = 0; number < 25; number++)
        {
            await bed.Broker.PublishAsync(bed.ReadQueue, number);
        }

        // All 25 taken by the worker and waiting, unacknowledged, in its open batch, nothing written yet.
        await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue);
        Assert.Empty(await bed.Bucket.KeysAsync());
        await worker.TerminateAsync();

        var objects = await BatchedObject.ReadAllAsync(bed.Bucket);
        var log = string.Join('\n', worker.Output.TakeLast(30));
        Assert.True(worker.ExitCode == 0, $"The worker exited with {worker.ExitCode}: {log}");
        Assert.True(objects.Count == 1, $"{objects.Count} objects, {await bed.Broker.CountAsync(bed.ReadQueue)} messages back in the queue; the worker's last lines: {log}");
        Assert.Equal(Enumerable.Range(0, 25), objects[0].Lines.Select(BatchBodies.NumberOf).Order());
        Assert.Equal(0u, await bed.Broker.CountAsync(bed.ReadQueue));
    }

    [Fact]
    public async Task SIGKILL_in_the_middle_of_batches_loses_no_message()
    {
        const int Messages = 600;
        bed.With(("Destinations:lake:Batch:MaxMessages", "25"), ("Destinations:lake:Batch:MaxWait", "00:00:01"));
        using (var first = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue))
        {
            for (var number = 0; number < Messages; number++)
            {
                await bed.Broker.PublishAsync(bed.ReadQueue, number);
            }

            var written = 0;
            await first.WaitUntilAsync(async () => (written = (await bed.Bucket.KeysAsync()).Count) >= 5, TimeSpan.FromSeconds(60),
                "the first worker to write 5 batch objects", seen: () => $"{written} objects");
            first.Kill();
        }

        // Once the killed worker's connection is gone, what it held unacknowledged is back in the queue.
        await Poll.UntilAsync(async () => await bed.Broker.ConsumerCountAsync(bed.ReadQueue) == 0, TimeSpan.FromSeconds(30), "the killed worker's consumer to go");
        var afterKill = await bed.Broker.CountAsync(bed.ReadQueue);
        using var second = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);
        IReadOnlyList<BatchedObject> objects = [];
        await Poll.UntilAsync(
            async () => (objects = await BatchedObject.ReadAllAsync(bed.Bucket)).SelectMany(batch => batch.Lines).Select(BatchBodies.NumberOf).Distinct().Count() == Messages,
            Poll.For(Messages), $"all {Messages} messages in some object",
            seen: () => $"{objects.SelectMany(batch => batch.Lines).Select(BatchBodies.NumberOf).Distinct().Count()} in {objects.Count} objects");

        // Read again with no write under way: what is not whole now is what the kill cut off.
        await second.TerminateAsync();
        objects = await BatchedObject.ReadAllAsync(bed.Bucket);
        var numbers = objects.SelectMany(batch => batch.Lines).Select(BatchBodies.NumberOf).ToList();
        var cut = objects.Count(batch => !batch.Whole);
        output.WriteLine($"{afterKill} messages back in the queue after SIGKILL; {objects.Count} objects ({cut} cut off by the kill), {numbers.Count} lines, {numbers.Count - Messages} written twice");
        Assert.Equal(Enumerable.Range(0, Messages), numbers.Distinct().Order());
        Assert.All(objects.Where(batch => batch.Whole), batch => Assert.Equal(batch.Lines.Count.ToString(CultureInfo.InvariantCulture), batch.Metadata("batch-count")));

        // s3rver keeps what it got of a PUT the kill cut off (and serves an object while writing it); a batch or two at most.
        Assert.InRange(cut, 0, 2);
    }
}
