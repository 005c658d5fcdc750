using RabbitMQ.Client;
using S3Consumer.Tool.Errors;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Scale;

/// <summary>
/// <c>s3consumer errors list</c> and a redrive that keeps what does not match take messages unacknowledged and hand
/// them back: a quorum queue counts each return, and RabbitMQ 4.0-4.2 drop a message past its delivery limit (20 by
/// default). The worker's quorum error queues carry a limit no one reaches, so listing never loses anything.
/// </summary>
/// <remarks>
/// The tests' RabbitMQ is 3.10, which has no default limit: there the 25 rounds would keep the messages with or without
/// the worker's argument. What this proves on 3.10 is that the error queue is declared with that argument
/// (<c>x-delivery-limit</c> 2147483647) and that every round's returns are counted (<c>x-delivery-count</c>), so that a
/// default limit of 20 would be reached; that 4.x honours the argument is RabbitMQ's documented behaviour, not run here.
/// </remarks>
[Collection(OnRabbitMqCluster.Name)]
[Trait("Category", "Cluster")]
public sealed class QuorumErrorQueueTests(RabbitMqCluster cluster)
{
    private const int Failed = 3;
    private const int Rounds = 25;

    [Fact]
    public async Task Quorum_error_queue_listed_and_filtered_25_times_keeps_every_message()
    {
        await using var bucket = await S3Bucket.CreateAsync(cluster.S3.Url);
        var settings = WorkerHost.Settings(bucket.Name, [.. RabbitMqCluster.WorkerSettings(node: 1), ("Destinations:lake:ServiceUrl", cluster.S3.Url.ToString())]);
        var (readQueue, errorQueue) = (settings["Queues:Read"]!, $"{settings["Queues:Read"]}_error");
        await using var broker = await Broker.ConnectAsync(RabbitMqCluster.Endpoint(1));
        await using (var worker = await WorkerHost.StartAsync(settings))
        {
            for (var i = 0; i < Failed; i++)
            {
                await broker.PublishRawAsync(readQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "nowhere" }, messageId: $"failed-{i}");
            }

            await broker.WaitForCountAsync(errorQueue, count => count >= Failed, $"the {Failed} failed messages");
            Assert.Equal((uint)Failed, await broker.CountAsync(errorQueue));
        }

        var arguments = await RabbitMqCluster.QueueArgumentsAsync(errorQueue);
        Assert.Equal("quorum", arguments["x-queue-type"].GetString());
        Assert.Equal(QuorumErrorQueues.DeliveryLimit, arguments[QuorumErrorQueues.DeliveryLimitArgument].GetInt32());

        await using var connection = await new ConnectionFactory().CreateConnectionAsync([RabbitMqCluster.Endpoint(1)]);
        var errors = new ErrorQueueClient(connection, errorQueue);
        for (var round = 1; round <= Rounds; round++)
        {
            var listed = await errors.ListAsync(limit: 100);
            Assert.Equal(Enumerable.Range(0, Failed).Select(i => $"failed-{i}"), listed.Select(message => message.MessageId).Order());
            Assert.All(listed, message => Assert.Contains("Destination 'nowhere' is not configured", message.Reason, StringComparison.Ordinal));
            await WaitForReturnedAsync(broker, errorQueue, round);
            Assert.Equal(new RedriveResult(Failed, 0, Failed), await errors.RedriveAsync(readQueue, reason: "matches no reason"));
            await WaitForReturnedAsync(broker, errorQueue, round);
        }

        var returned = await broker.TakeAsync(errorQueue);
        Assert.InRange(long.Parse(Broker.Header(returned, "x-delivery-count"), System.Globalization.CultureInfo.InvariantCulture), 2 * Rounds, long.MaxValue);
        await broker.DeleteQueuesAsync(readQueue, settings["Queues:Subscribe"]!);
    }

    // A quorum queue takes back what a closed channel held unacknowledged a moment after the close.
    private static Task<uint> WaitForReturnedAsync(Broker broker, string queue, int round) =>
        broker.WaitForCountAsync(queue, count => count == Failed, $"all {Failed} of its messages back in round {round}", TimeSpan.FromSeconds(5));
}
