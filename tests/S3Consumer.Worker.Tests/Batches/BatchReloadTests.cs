using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Batches;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>A reload of a batched destination while messages resolved before it are still on their way to their batch.</summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class BatchReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 10, 14, 3, 0, 0, TimeSpan.Zero));
    private TestBed bed = null!;
    private ServiceProvider provider = null!;
    private int reloads;

    private DestinationCatalog Catalog => provider.GetRequiredService<DestinationCatalog>();

    public async Task InitializeAsync()
    {
        bed = (await TestBed.CreateAsync()).With(("Destinations:lake:Batch:MaxMessages", "3"), ("Destinations:lake:Batch:MaxWait", "00:05:00"));
        provider = DeliveryServices.Over(bed.Settings).AddSingleton<TimeProvider>(time).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await new BatchesStop(provider.GetRequiredService<BatchRegistry>(), provider.GetRequiredService<BatchWrites>()).StopAsync(CancellationToken.None);
        await provider.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task A_message_resolved_before_a_reload_joins_the_new_configurations_batch_instead_of_reopening_the_old_one()
    {
        var batches = provider.GetRequiredService<BatchRegistry>();
        var before = Catalog.Resolve("lake");
        ChangeLake();
        var after = Catalog.Resolve("lake");
        Assert.NotSame(before, after);

        var written = new[]
        {
            batches.AddAsync(after, BatchBodies.Message(1), 0, default, closeNow: false),
            batches.AddAsync(before, BatchBodies.Message(2), 0, default, closeNow: false), // resolved before the reload, added after it
            batches.AddAsync(after, BatchBodies.Message(3), 0, default, closeNow: false),
        };
        var outcomes = await Poll.ForAsync(Task.WhenAll(written), Bound, "the three messages' batch to be written");

        Assert.Single(outcomes.Select(outcome => outcome.Key).Distinct());
        var batch = Assert.Single(await BatchedObject.WaitForLinesAsync(bed.Bucket, 3));
        Assert.Equal(["""{"data":{"n":1}}""", """{"data":{"n":2}}""", """{"data":{"n":3}}"""], batch.Lines);
    }

    [Fact]
    public async Task A_message_resolved_before_a_reload_that_changed_the_destinations_Id_is_written_under_the_new_Id()
    {
        var batches = provider.GetRequiredService<BatchRegistry>();
        var before = Catalog.Resolve("lake");
        ChangeLake(("Destinations:lake:Id", "lake-renamed"));
        var after = Catalog.Resolve("lake");

        // The stale message first: the batch's destinationId is its first message's.
        var written = new[]
        {
            batches.AddAsync(before, BatchBodies.Message(1), 0, default, closeNow: false),
            batches.AddAsync(after, BatchBodies.Message(2, after.Id), 0, default, closeNow: false),
            batches.AddAsync(after, BatchBodies.Message(3, after.Id), 0, default, closeNow: false),
        };
        await Poll.ForAsync(Task.WhenAll(written), Bound, "the three messages' batch to be written");

        var batch = Assert.Single(await BatchedObject.WaitForLinesAsync(bed.Bucket, 3));
        Assert.Equal(("lake", "lake-renamed"), (before.Id, batch.Metadata("destinationid")));
    }

    [Fact]
    public async Task A_batch_of_the_new_configuration_opened_before_the_reload_is_announced_stays_open()
    {
        // This handler runs before the batches' own: a message of the new configuration comes in between.
        Task<BatchOutcome>? early = null;
        Catalog.Changed += (_, _) => early ??= provider.GetRequiredService<BatchRegistry>().AddAsync(Catalog.Resolve("lake"), BatchBodies.Message(1), 0, default, closeNow: false);
        var batches = provider.GetRequiredService<BatchRegistry>();
        var old = batches.AddAsync(Catalog.Resolve("lake"), BatchBodies.Message(0), 0, default, closeNow: false);

        ChangeLake();
        time.Advance(OpenBatches.DrainDelay * 2);
        var oldKey = (await Poll.ForAsync(old, Bound, "the old configuration's batch to drain")).Key;

        var after = Catalog.Resolve("lake");
        var outcomes = await Poll.ForAsync(
            Task.WhenAll(early!, batches.AddAsync(after, BatchBodies.Message(2), 0, default, closeNow: false), batches.AddAsync(after, BatchBodies.Message(3), 0, default, closeNow: false)),
            Bound,
            "the new configuration's batch of three to close by count (a drained batcher would close it only as time passes)");

        Assert.Single(outcomes.Select(outcome => outcome.Key).Distinct()); // one batch of three, closed by count
        Assert.NotEqual(oldKey, outcomes[0].Key);
    }

    [Fact]
    public async Task A_replaced_batcher_and_its_configuration_are_let_go_once_its_batch_is_written()
    {
        var batches = provider.GetRequiredService<BatchRegistry>();
        var (first, written) = OpenABatchThenReplaceItsConfiguration(batches);
        time.Advance(OpenBatches.DrainDelay * 2);
        await Poll.ForAsync(written, Bound, "the first configuration's batch to drain");

        // The next replacement lets go of the batchers that hold nothing any more.
        ChangeLake();
        _ = batches.AddAsync(Catalog.Resolve("lake"), BatchBodies.Message(3), 0, default, closeNow: false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(first.IsAlive, "the first configuration's Destination (and with it its batcher and S3 client) is still held");
    }

    // Not inlined, so that nothing in the test's own frame holds the first configuration.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private (WeakReference First, Task<BatchOutcome> Written) OpenABatchThenReplaceItsConfiguration(BatchRegistry batches)
    {
        var first = Catalog.Resolve("lake");
        var written = batches.AddAsync(first, BatchBodies.Message(1), 0, default, closeNow: false);
        ChangeLake();
        _ = batches.AddAsync(Catalog.Resolve("lake"), BatchBodies.Message(2), 0, default, closeNow: false);
        return (new WeakReference(first), written);
    }

    private void ChangeLake(params (string Key, string Value)[] changes)
    {
        var configuration = (IConfigurationRoot)provider.GetRequiredService<IConfiguration>();
        configuration["Destinations:lake:Batch:MaxWait"] = $"00:04:{++reloads:D2}";
        foreach (var (key, value) in changes)
        {
            configuration[key] = value;
        }

        configuration.Reload();
    }
}
