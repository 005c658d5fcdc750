using Microsoft.Extensions.Configuration;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Batches;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>A reload of a batched destination while messages resolved before it are still on their way to their batch.</summary>
[Collection(RealServices.Name)]
public sealed class BatchReloadTests : IAsyncLifetime
{
    private TestBed bed = null!;
    private ServiceProvider provider = null!;

    public async Task InitializeAsync()
    {
        bed = (await TestBed.CreateAsync()).With(("Destinations:lake:Batch:MaxMessages", "3"), ("Destinations:lake:Batch:MaxWait", "00:05:00"));
        provider = DeliveryServices.Over(bed.Settings).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await provider.GetRequiredService<BatchDelivery>().StopAsync(CancellationToken.None);
        await provider.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task A_message_resolved_before_a_reload_joins_the_new_configurations_batch_instead_of_reopening_the_old_one()
    {
        var catalog = provider.GetRequiredService<DestinationCatalog>();
        var batches = provider.GetRequiredService<BatchDelivery>();
        var before = catalog.Resolve("lake");
        var configuration = (IConfigurationRoot)provider.GetRequiredService<IConfiguration>();
        configuration["Destinations:lake:Batch:MaxWait"] = "00:04:00";
        configuration.Reload();
        var after = catalog.Resolve("lake");
        Assert.NotSame(before, after);

        var written = new[]
        {
            batches.AddAsync(after, BatchBodies.Message(1), default, closeNow: false),
            batches.AddAsync(before, BatchBodies.Message(2), default, closeNow: false), // resolved before the reload, added after it
            batches.AddAsync(after, BatchBodies.Message(3), default, closeNow: false),
        };
        var outcomes = await Task.WhenAll(written).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(outcomes.Select(outcome => outcome.Key).Distinct());
        var batch = Assert.Single(await BatchedObject.WaitForLinesAsync(bed.Bucket, 3));
        Assert.Equal(["""{"data":{"n":1}}""", """{"data":{"n":2}}""", """{"data":{"n":3}}"""], batch.Lines);
    }
}
