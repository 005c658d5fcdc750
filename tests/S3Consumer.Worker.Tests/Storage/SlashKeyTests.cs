namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// A key template that produces '/' names no object (its leading '/' is dropped as the object is written): the message
/// is parked with an Object key reason, and no request reaches S3, which would take a PUT of '/' for one on the bucket.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class SlashKeyTests : IAsyncLifetime
{
    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = (await TestBed.CreateAsync(withProxy: true)).With(("Destinations:lake:ObjectKeyTemplate", "'/'"));

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_key_of_a_slash_alone_parks_the_message_and_sends_nothing_to_S3()
    {
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        await bed.Broker.PublishRawAsync(bed.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "slash");

        var parked = await bed.Broker.TakeAsync($"{bed.ReadQueue}_error");

        Assert.StartsWith("Object key: Destination 'lake': object key template '/' produced '/', which is empty once its leading '/' is dropped",
            Broker.Header(parked, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal(0, bed.Proxy.Requests);
        Assert.Empty(await bed.Bucket.KeysAsync());
    }
}
