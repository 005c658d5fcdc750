using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>The worker, wired exactly as Program.cs wires it, running in the test process on its own queues.</summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private WorkerHost(WebApplication app, string readQueue, string subscribeQueue)
    {
        this.app = app;
        ReadQueue = readQueue;
        SubscribeQueue = subscribeQueue;
    }

    public string ReadQueue { get; }

    public string SubscribeQueue { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts a worker whose destination <c>lake</c> writes to <paramref name="bucket"/>; extra settings override.</summary>
    public static Task<WorkerHost> StartAsync(string bucket, params (string Key, string Value)[] settings) =>
        StartAsync(Settings(bucket, settings));

    public static async Task<WorkerHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddS3Consumer();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapS3ConsumerEndpoints();
        await app.StartAsync();
        return new WorkerHost(app, settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
    }

    /// <summary>
    /// One message at a time, taken in the order sent: once a message's object is written, the messages sent before it
    /// are done, so a test can tell that a redelivery was handled without waiting for an arbitrary time.
    /// </summary>
    public static (string Key, string Value)[] InOrder { get; } = [("Queues:ConcurrentMessageLimit", "1"), ("Queues:PrefetchCount", "1")];

    /// <summary>A worker's settings: its own queues, and destination <c>lake</c> writing to <paramref name="bucket"/>.</summary>
    public static Dictionary<string, string?> Settings(string bucket, params (string Key, string Value)[] overrides)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Health:Port"] = "0",
            ["RabbitMq:Host"] = TestServices.RabbitHost,
            ["Queues:Read"] = $"it-{id}-read",
            ["Queues:Subscribe"] = $"it-{id}-subscribe",
            ["S3:RetryDelay"] = "00:00:00.050",

            // No hedged PUTs: s3rver writes two PUTs of one key at once into the same file, and a hedge beside a PUT
            // slowed by a loaded machine left a batch object cut short (BatchPartitionTests, twice in CI runs); S3
            // takes the last whole PUT. Hedging is tested on its own, through the fault proxy (S3ObjectStoreTests).
            ["S3:HedgeDelay"] = "00:00:00",
        };
        foreach (var (key, value) in Destination("lake", bucket).Concat(overrides.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The settings of a destination that writes to the test S3 server.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Destination(string name, string bucket) =>
        new Dictionary<string, string?>
        {
            [$"Destinations:{name}:Bucket"] = bucket,
            [$"Destinations:{name}:Region"] = TestServices.Region,
            [$"Destinations:{name}:ServiceUrl"] = TestServices.S3Url.ToString(),
            [$"Destinations:{name}:ForcePathStyle"] = "true",
            [$"Destinations:{name}:AccessKeyId"] = TestServices.S3Key,
            [$"Destinations:{name}:SecretAccessKey"] = TestServices.S3Key,
        };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
