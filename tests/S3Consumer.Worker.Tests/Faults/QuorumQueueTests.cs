namespace S3Consumer.Worker.Tests.Faults;

/// <summary><c>Queues:Quorum</c> declares the worker's queues as replicated quorum queues, and they carry messages as before.</summary>
[Collection(RealServices.Name)]
public sealed class QuorumQueueTests
{
    [Fact]
    public async Task Quorum_setting_declares_quorum_queues_that_deliver()
    {
        await using var bucket = await S3Bucket.CreateAsync();
        await using var broker = await Broker.ConnectAsync();
        var worker = await WorkerHost.StartAsync(bucket.Name, ("Queues:Quorum", "true"));
        try
        {
            await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: "quorum-1");
            await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_quorum-1.json");

            var types = await QueueTypesAsync();
            Assert.Equal("quorum", types[worker.ReadQueue]);
            Assert.Equal("quorum", types[worker.SubscribeQueue]);
        }
        finally
        {
            await worker.DisposeAsync();
            await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        }
    }

    private static async Task<Dictionary<string, string>> QueueTypesAsync()
    {
        var list = await Command.RunCheckedAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", "list_queues", "name", "type", "--quiet", "--no-table-headers");
        return list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length == 2)
            .ToDictionary(columns => columns[0], columns => columns[1]);
    }
}
