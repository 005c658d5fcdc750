namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// A key template that produces '/' names no object (its leading '/' is dropped as the object is written): the message
/// is parked with an Object key reason, and no request reaches S3, which would take a PUT of '/' for one on the bucket.
/// </summary>
[Collection(RealServices.Name)]
public sealed class SlashKeyTests : IAsyncLifetime
{
    private S3Bucket bucket = null!;
    private S3FaultProxy proxy = null!;
    private Dictionary<string, string?> settings = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        proxy = await S3FaultProxy.StartAsync();
        settings = WorkerHost.Settings(bucket.Name, ("Destinations:lake:ServiceUrl", proxy.Url.ToString()), ("Destinations:lake:ObjectKeyTemplate", "'/'"));
    }

    public async Task DisposeAsync()
    {
        await using (var broker = await Broker.ConnectAsync())
        {
            await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        }

        await proxy.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task A_key_of_a_slash_alone_parks_the_message_and_sends_nothing_to_S3()
    {
        await using var worker = await WorkerHost.StartAsync(settings);
        await using var broker = await Broker.ConnectAsync();
        await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "slash");

        var parked = await broker.TakeAsync($"{worker.ReadQueue}_error");

        Assert.StartsWith("Object key: Destination 'lake': object key template '/' produced '/', which is empty once its leading '/' is dropped",
            Broker.Header(parked, "MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal(0, proxy.Requests);
        Assert.Empty(await bucket.KeysAsync());
    }
}
