using System.Diagnostics;
using S3Consumer.Worker.Tests.Batches;
using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Scale;

/// <summary>
/// Three worker processes, each connected to another node of a three-node cluster, compete for one quorum queue of
/// 20,000 messages while one worker is killed with SIGKILL and the node holding the queue's leader is stopped and
/// started again. <c>Queues:Quorum</c> declares both of the worker's queues as quorum queues. Every message must end as
/// an object holding the body it was sent with, none in an error queue; the only duplicates allowed are rewrites of the
/// same key (a message redelivered after the kill or the node's stop).
/// </summary>
[Collection(OnRabbitMqCluster.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterScaleOutTests(RabbitMqCluster cluster, ITestOutputHelper output)
{
    private const int Messages = 20_000;

    [Fact]
    public async Task Three_workers_lose_nothing_when_one_is_killed_and_the_leader_node_restarts()
    {
        var run = Stopwatch.StartNew();
        await using var bucket = await S3Bucket.CreateAsync(cluster.S3.Url);
        await using var proxy = await S3FaultProxy.StartAsync(server: cluster.S3.Url);
        var common = WorkerHost.Settings(bucket.Name, ("Destinations:lake:ServiceUrl", proxy.Url.ToString()));
        var (readQueue, subscribeQueue) = (common["Queues:Read"]!, common["Queues:Subscribe"]!);
        var workers = new Dictionary<int, WorkerProcess>();
        try
        {
            foreach (var node in RabbitMqCluster.Nodes)
            {
                workers[node] = await WorkerProcess.StartAsync(WorkerSettings(common, node), readQueue);
            }

            var types = (await RabbitMqCluster.QueueArgumentsAsync(readQueue), await RabbitMqCluster.QueueArgumentsAsync(subscribeQueue));
            Assert.Equal(("quorum", "quorum"), (types.Item1["x-queue-type"].GetString(), types.Item2["x-queue-type"].GetString()));
            var leader = await RabbitMqCluster.LeaderAsync(readQueue);
            var (killed, publishNode) = (RabbitMqCluster.Nodes.First(node => node != leader), RabbitMqCluster.Nodes.Last(node => node != leader));
            await PublishAsync(readQueue, publishNode);
            var published = run.Elapsed;

            await WaitForWrittenAsync(proxy, Messages / 4);
            workers[killed].Kill();

            await WaitForWrittenAsync(proxy, Messages / 2);
            await RabbitMqCluster.StopNodeAsync(leader);
            var whileDown = proxy.Written.Count;
            await WaitForWrittenAsync(proxy, Math.Min(Messages, whileDown + 1000));
            var writtenWhileDown = proxy.Written.Count - whileDown;
            await RabbitMqCluster.StartNodeAsync(leader);

            await WaitForWrittenAsync(proxy, Messages, seconds: 300);
            await using var broker = await Broker.ConnectAsync(RabbitMqCluster.Endpoint(publishNode));
            await broker.WaitUntilEmptyAsync(readQueue, TimeSpan.FromSeconds(60));
            var report = await FaultReport.TakeAsync(
                "3 workers on a 3-node cluster, quorum queue; a worker killed (SIGKILL), the leader's node stopped and started",
                Messages, bucket, proxy, broker, [readQueue, subscribeQueue],
                $"leader was node {leader}; {writtenWhileDown} written while it was down; published in {published.TotalSeconds:F0} s, all written in {run.Elapsed.TotalSeconds:F0} s; cluster up in {cluster.StartTime.TotalSeconds:F0} s");
            report.Print(output);

            report.AssertNothingLost();
            Assert.True(writtenWhileDown > 0, "Nothing was written while the leader's node was down.");

            // The worker whose node was stopped moved to another node of its list and consumes again.
            var consumers = 0u;
            await Poll.UntilAsync(async () => (consumers = await broker.ConsumerCountAsync(readQueue)) == 2, TimeSpan.FromSeconds(60),
                $"the two live workers to consume {readQueue}", seen: () => $"{consumers} consumer(s)");
        }
        finally
        {
            foreach (var worker in workers.Values)
            {
                worker.Dispose();
            }
        }
    }

    private static Dictionary<string, string?> WorkerSettings(Dictionary<string, string?> common, int node)
    {
        var settings = new Dictionary<string, string?>(common, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in RabbitMqCluster.WorkerSettings(node))
        {
            settings[key] = value;
        }

        return settings;
    }

    // Each message numbered, with the default key template: <operationTime>_<event-id>.json.
    private static async Task PublishAsync(string queue, int node)
    {
        await using var broker = await Broker.ConnectAsync(RabbitMqCluster.Endpoint(node), confirmed: true);
        foreach (var batch in Enumerable.Range(0, Messages).Chunk(500))
        {
            await Task.WhenAll(batch.Select(number => broker.PublishAsync(queue, number)));
        }
    }

    private static Task WaitForWrittenAsync(S3FaultProxy proxy, int count, int seconds = 120) =>
        Poll.UntilAsync(() => proxy.Written.Count >= count, TimeSpan.FromSeconds(seconds), $"{count} objects written", seen: () => $"{proxy.Written.Count} written");
}
