using RabbitMQ.Client;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// What one test uses on the real services: a fresh bucket, a broker client, fault proxies in front of the bucket for
/// the destinations that need one, and the settings of a worker on queues of its own, optionally on a virtual host of its
/// own (for typed publishes, see <see cref="TestVirtualHost"/>). Disposing it deletes those queues (with their error and
/// holding queues and exchanges) or that virtual host, stops the proxies and deletes the bucket with its objects,
/// whether the test passed or not.
/// </summary>
internal sealed class TestBed : IAsyncDisposable
{
    private const string Lake = "lake";
    private readonly Dictionary<string, S3FaultProxy> proxies;
    private readonly TestVirtualHost? virtualHost;

    private TestBed(S3Bucket bucket, Broker broker, Dictionary<string, S3FaultProxy> proxies, TestVirtualHost? virtualHost)
    {
        Bucket = bucket;
        Broker = broker;
        this.proxies = proxies;
        this.virtualHost = virtualHost;
        Settings = WorkerHost.Settings(bucket.Name);
        if (virtualHost is not null)
        {
            Settings["RabbitMq:VirtualHost"] = virtualHost.Name;
        }

        foreach (var (destination, proxy) in proxies)
        {
            WithDestination(destination, bucket.Name).With(($"Destinations:{destination}:ServiceUrl", proxy.Url.ToString()));
        }
    }

    public S3Bucket Bucket { get; }

    public Broker Broker { get; }

    /// <summary>The fault proxy that destination <c>lake</c> writes through, when the bed was made with one.</summary>
    public S3FaultProxy Proxy => ProxyOf(Lake);

    /// <summary>
    /// A worker's settings: its own queues, destination <c>lake</c> writing to <see cref="Bucket"/>, and each destination
    /// made with a proxy writing to it through that proxy. The tool takes them as <c>--set</c> values (<see cref="Tool.ToolRun.Set"/>).
    /// </summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>The virtual host the worker and <see cref="Broker"/> are on.</summary>
    public string VirtualHost => virtualHost?.Name ?? "/";

    public string ReadQueue => Settings["Queues:Read"]!;

    public string SubscribeQueue => Settings["Queues:Subscribe"]!;

    // Every destination the settings name: each may have had holding queues.
    private IEnumerable<string> Destinations =>
        Settings.Keys.Where(key => key.StartsWith("Destinations:", StringComparison.OrdinalIgnoreCase))
            .Select(key => key.Split(':')[1]).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A bed whose destination <c>lake</c> writes directly to the S3 server, or through a fault proxy.
    /// With <paramref name="ownVirtualHost"/>, the worker and <see cref="Broker"/> are on a virtual host of the bed's own.
    /// </summary>
    public static Task<TestBed> CreateAsync(bool withProxy = false, bool ownVirtualHost = false) => CreateAsync(withProxy ? [Lake] : [], ownVirtualHost);

    /// <summary>A bed whose destinations <paramref name="proxied"/> (<c>lake</c> or others) each write to the bucket through a fault proxy of their own.</summary>
    public static async Task<TestBed> CreateAsync(IReadOnlyList<string> proxied, bool ownVirtualHost = false)
    {
        ArgumentNullException.ThrowIfNull(proxied);
        var bucket = await S3Bucket.CreateAsync();
        var proxies = new Dictionary<string, S3FaultProxy>(StringComparer.OrdinalIgnoreCase);
        TestVirtualHost? virtualHost = null;
        try
        {
            foreach (var destination in proxied)
            {
                proxies[destination] = await S3FaultProxy.StartAsync();
            }

            virtualHost = ownVirtualHost ? await TestVirtualHost.CreateAsync() : null;
            var broker = await Broker.ConnectAsync(new AmqpTcpEndpoint(TestServices.RabbitHost), virtualHost: virtualHost?.Name ?? "/");
            return new TestBed(bucket, broker, proxies, virtualHost);
        }
        catch
        {
            await (virtualHost?.DisposeAsync() ?? ValueTask.CompletedTask);
            await StopAsync(proxies.Values);
            await bucket.DisposeAsync();
            throw;
        }
    }

    /// <summary>The fault proxy that <paramref name="destination"/> writes through.</summary>
    public S3FaultProxy ProxyOf(string destination) =>
        proxies.GetValueOrDefault(destination) ?? throw new InvalidOperationException($"This test bed was made without a fault proxy for destination {destination}.");

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
        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync(); // with everything in it
        }
        else
        {
            // A connection of its own: a fault test may have restarted the broker under the bed's.
            await using var broker = await Broker.ConnectAsync();
            await broker.DeleteQueuesAsync(ReadQueue, SubscribeQueue);
            await broker.DeleteHoldingQueuesAsync(ReadQueue, [.. Destinations]);
            await broker.DeleteHoldingQueuesAsync(SubscribeQueue, [.. Destinations]);
        }

        await StopAsync(proxies.Values);
        await Bucket.DisposeAsync();
    }

    private static async Task StopAsync(IEnumerable<S3FaultProxy> proxies)
    {
        foreach (var proxy in proxies)
        {
            await proxy.DisposeAsync();
        }
    }
}
