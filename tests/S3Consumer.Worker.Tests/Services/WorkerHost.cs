using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    public static async Task<WorkerHost> StartAsync(string bucket, params (string Key, string Value)[] settings)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (readQueue, subscribeQueue) = ($"it-{id}-read", $"it-{id}-subscribe");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["RabbitMq:Host"] = TestServices.RabbitHost,
            ["Queues:Read"] = readQueue,
            ["Queues:Subscribe"] = subscribeQueue,
            ["S3:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in Destination("lake", bucket).Concat(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))))
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddS3Consumer();
        var app = builder.Build();
        app.MapS3ConsumerEndpoints();
        await app.StartAsync();
        return new WorkerHost(app, readQueue, subscribeQueue);
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
