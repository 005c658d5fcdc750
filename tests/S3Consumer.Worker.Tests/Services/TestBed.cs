namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// What one test uses on the real services: a fresh bucket, a broker client, optionally the S3 fault proxy in front
/// of the bucket, and the settings of a worker on queues of its own. Disposing it deletes those queues (with their
/// error and holding queues and exchanges), stops the proxy and deletes the bucket with its objects, whether the test passed or not.
/// </summary>
internal sealed class TestBed(S3Bucket bucket, Broker broker, S3FaultProxy? proxy) : IAsyncDisposable
{
    public S3Bucket Bucket { get; } = bucket;

    public Broker Broker { get; } = broker;

    /// <summary>The fault proxy that destination <c>lake</c> writes through, when the bed was made with one.</summary>
    public S3FaultProxy Proxy => proxy ?? throw new InvalidOperationException("This test bed was made without the fault proxy.");

    /// <summary>A worker's settings: its own queues, and destination <c>lake</c> writing to <see cref="Bucket"/>.</summary>
    public Dictionary<string, string?> Settings { get; } =
        WorkerHost.Settings(bucket.Name, proxy is null ? [] : [("Destinations:lake:ServiceUrl", proxy.Url.ToString())]);

    public string ReadQueue => Settings["Queues:Read"]!;

    public string SubscribeQueue => Settings["Queues:Subscribe"]!;

    // Every destination the settings name: each may have had holding queues.
    private IEnumerable<string> Destinations =>
        Settings.Keys.Where(key => key.StartsWith("Destinations:", StringComparison.OrdinalIgnoreCase))
            .Select(key => key.Split(':')[1]).Distinct(StringComparer.OrdinalIgnoreCase);

    public static async Task<TestBed> CreateAsync(bool withProxy = false)
    {
        var bucket = await S3Bucket.CreateAsync();
        try
        {
            return new TestBed(bucket, await Broker.ConnectAsync(), withProxy ? await S3FaultProxy.StartAsync() : null);
        }
        catch
        {
            await bucket.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds to or overrides the worker's settings.</summary>
    public TestBed With(params (string Key, string? Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }

        return this;
    }

    /// <summary>Adds a destination named <paramref name="name"/> writing to <paramref name="bucket"/> on the test S3 server.</summary>
    public TestBed WithDestination(string name, string bucket) =>
        With([.. WorkerHost.Destination(name, bucket).Select(setting => (setting.Key, setting.Value))]);

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        // A connection of its own: a fault test may have restarted the broker under the bed's.
        await using (var broker = await Broker.ConnectAsync())
        {
            await broker.DeleteQueuesAsync(ReadQueue, SubscribeQueue);
            await broker.DeleteHoldingQueuesAsync(ReadQueue, [.. Destinations]);
            await broker.DeleteHoldingQueuesAsync(SubscribeQueue, [.. Destinations]);
        }

        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        await Bucket.DisposeAsync();
    }
}
