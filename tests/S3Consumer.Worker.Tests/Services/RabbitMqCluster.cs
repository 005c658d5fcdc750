using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// The three-node RabbitMQ cluster of <c>scripts/cluster.sh</c> (nodes 1 to 3 on 127.0.0.1:5701-5703) and an S3 server
/// of its own (<see cref="S3"/>), started for the tests that need them and removed afterwards, also when they or their
/// start fail. It never touches the test broker or the test S3 server.
/// </summary>
public sealed class RabbitMqCluster : IAsyncLifetime
{
    public const string Host = "127.0.0.1";

    public static readonly int[] Nodes = [1, 2, 3];

    /// <summary>The S3 server the cluster's tests write to.</summary>
    public OwnS3Server S3 { get; } = new(4569);

    private static string Script => Environment.GetEnvironmentVariable("S3CONSUMER_CLUSTER_SCRIPT")
        ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../scripts/cluster.sh"));

    /// <summary>How long <c>cluster.sh up</c> took.</summary>
    public TimeSpan StartTime { get; private set; }

    public static int AmqpPort(int node) => 5700 + node;

    public static AmqpTcpEndpoint Endpoint(int node) => new(Host, AmqpPort(node));

    /// <summary>The worker settings that reach the cluster through <paramref name="node"/>, with the other two as fail-over.</summary>
    public static IEnumerable<(string Key, string Value)> WorkerSettings(int node) =>
    [
        ("RabbitMq:Host", Host),
        ("RabbitMq:Port", AmqpPort(node).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("RabbitMq:ClusterNodes", string.Join(',', Nodes.Where(other => other != node).Select(other => $"{Host}:{AmqpPort(other)}"))),
        ("Queues:Quorum", "true"),
    ];

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(RunAsync("up"), S3.StartAsync());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        StartTime = started.Elapsed;
    }

    public Task DisposeAsync() => Task.WhenAll(RunAsync("down"), S3.StopAsync());

    public static Task StopNodeAsync(int node) => RunAsync("stop-node", node.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Task StartNodeAsync(int node) => RunAsync("start-node", node.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The node that holds the leader of quorum queue <paramref name="queue"/>.</summary>
    public static async Task<int> LeaderAsync(string queue) =>
        int.Parse((await ServicesScript.RunAsync(Script, "leader", queue)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The arguments a queue was declared with, as the cluster (or the node named, such as the test broker's
    /// <c>rabbit@localhost</c>) reports them (rows of name, type, value).
    /// </summary>
    public static async Task<Dictionary<string, JsonElement>> QueueArgumentsAsync(string queue, string node = "s3c-c1@localhost")
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl",
            ["-q", "-n", node, "list_queues", "name", "arguments", "--formatter", "json"]) { RedirectStandardOutput = true })!;
        var json = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        using var queues = JsonDocument.Parse(json);
        return queues.RootElement.EnumerateArray()
            .Single(row => row.GetProperty("name").GetString() == queue).GetProperty("arguments").EnumerateArray()
            .ToDictionary(argument => argument[0].GetString()!, argument => argument[2].Clone());
    }

    private static Task<string> RunAsync(params string[] arguments) => ServicesScript.RunAsync(Script, arguments);
}

/// <summary>
/// Tests on the cluster run one after another, each on its own queues. The collection runs beside every other one but
/// <see cref="WholeProcessTelemetry"/> (its nodes, S3 server, queues and buckets are its own, so the
/// <see cref="ServiceOutages"/> tests, which stop and start the test S3 server and broker, never reach it).
/// </summary>
[CollectionDefinition(Name)]
public sealed class OnRabbitMqCluster : ICollectionFixture<RabbitMqCluster>
{
    public const string Name = "RabbitMQ cluster";
}
