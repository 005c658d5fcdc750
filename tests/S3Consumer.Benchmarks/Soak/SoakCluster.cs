using System.Globalization;
using System.Text.Json;
using RabbitMQ.Client;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The three RabbitMQ nodes of scripts/cluster.sh (AMQP on 127.0.0.1:5701-5703): started for the run unless they run
/// already (then removed at the end), a node stopped and started as a fault, and what the nodes say of the run's queues.
/// </summary>
internal sealed class SoakCluster
{
    public const string Host = "127.0.0.1";
    private readonly string script;
    private bool startedHere;

    private SoakCluster(string script) => this.script = script;

    public static IReadOnlyList<int> Nodes { get; } = [1, 2, 3];

    public static int AmqpPort(int node) => 5700 + node;

    public static IReadOnlyList<AmqpTcpEndpoint> Endpoints { get; } = [.. Nodes.Select(node => new AmqpTcpEndpoint(Host, AmqpPort(node)))];

    /// <summary>Starts the cluster unless all three nodes run; says which it did.</summary>
    public static async Task<(SoakCluster Cluster, string What)> UpAsync(string repository)
    {
        var cluster = new SoakCluster(Path.Combine(repository, "scripts", "cluster.sh"));
        if ((await Command.RunAsync(TimeSpan.FromMinutes(1), "bash", cluster.script, "status")).ExitCode == 0)
        {
            return (cluster, "already running (left running at the end)");
        }

        var started = DateTime.UtcNow;
        await cluster.RunAsync("up");
        cluster.startedHere = true;
        return (cluster, Pipeline.Text.Invariant($"started in {(DateTime.UtcNow - started).TotalSeconds:N0} s (removed at the end)"));
    }

    public Task StopNodeAsync(int node) => RunAsync("stop-node", node.ToString(CultureInfo.InvariantCulture));

    public Task StartNodeAsync(int node) => RunAsync("start-node", node.ToString(CultureInfo.InvariantCulture));

    /// <summary>Stops the nodes and removes their state, if this run started them.</summary>
    public Task DownAsync() => startedHere ? RunAsync("down") : Task.CompletedTask;

    /// <summary>A client of the first node that answers.</summary>
    public static async Task<Broker> ConnectAsync()
    {
        foreach (var node in Endpoints)
        {
            try
            {
                return await Broker.ConnectAsync(node, confirmed: true);
            }
            catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException)
            {
                // That node is down (a fault): the next one.
            }
        }

        throw new InvalidOperationException($"No node of the cluster answers on {Host}:{AmqpPort(Nodes[0])}-{AmqpPort(Nodes[^1])}.");
    }

    public static async Task<uint> ConsumersAsync(string queue)
    {
        await using var broker = await ConnectAsync();
        return await broker.ConsumerCountAsync(queue);
    }

    /// <summary>
    /// The messages (ready and unacknowledged) of every queue whose name <paramref name="which"/> takes, as a running node
    /// lists them; -1 for a queue that cannot say now (its node is down).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> DepthsAsync(Func<string, bool> which)
    {
        ArgumentNullException.ThrowIfNull(which);
        foreach (var node in Nodes)
        {
            var listed = await Command.RunAsync(TimeSpan.FromMinutes(1), "rabbitmqctl", "-q", "-n", $"s3c-c{node}@localhost", "list_queues", "name", "messages", "--formatter", "json");
            if (listed.ExitCode != 0)
            {
                continue;
            }

            using var queues = JsonDocument.Parse(listed.Output);
            return queues.RootElement.EnumerateArray()
                .Where(queue => which(queue.GetProperty("name").GetString()!))
                .ToDictionary(queue => queue.GetProperty("name").GetString()!, queue => queue.GetProperty("messages") is { ValueKind: JsonValueKind.Number } count ? count.GetInt64() : -1);
        }

        throw new InvalidOperationException("No node of the cluster lists its queues (rabbitmqctl list_queues failed on all three).");
    }

    private Task<CommandResult> RunAsync(params string[] arguments) => Command.RunCheckedAsync(TimeSpan.FromMinutes(5), "bash", [script, .. arguments]);
}
