using RabbitMQ.Client;
using S3Consumer.Tool.Errors;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Scale;

/// <summary>
/// <c>s3consumer errors list</c> and a redrive that keeps what does not match take messages unacknowledged and hand
/// them back: a quorum queue counts each return, and from RabbitMQ 4.0 on drops a message past its delivery limit
/// (20 by default). The worker's quorum error queues carry a limit no one reaches, so listing never loses anything.
/// </summary>
[Collection(OnRabbitMqCluster.Name)]
public sealed class QuorumErrorQueueTests
{
    private const int Failed = 3;
    private const int Rounds = 25;

    [Fact]
    public async Task Quorum_error_queue_listed_and_filtered_25_times_keeps_every_message()
    {
        await using var bucket = await S3Bucket.CreateAsync();
        var settings = WorkerHost.Settings(bucket.Name, [.. RabbitMqCluster.WorkerSettings(node: 1)]);
        var (readQueue, errorQueue) = (settings["Queues:Read"]!, $"{settings["Queues:Read"]}_error");
        await using var broker = await Broker.ConnectAsync(RabbitMqCluster.Endpoint(1));
        await using (var worker = await WorkerHost.StartAsync(settings))
        {
            for (var i = 0; i < Failed; i++)
            {
                await broker.PublishRawAsync(readQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "nowhere" }, messageId: $"failed-{i}");
            }

            for (var i = 0; i < 300 && await broker.CountAsync(errorQueue) < Failed; i++)
            {
                await Task.Delay(100);
            }

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

        await broker.DeleteQueuesAsync(readQueue, settings["Queues:Subscribe"]!);
    }

    // A quorum queue takes back what a closed channel held unacknowledged a moment after the close.
    private static async Task WaitForReturnedAsync(Broker broker, string queue, int round)
    {
        for (var i = 0; i < 100 && await broker.CountAsync(queue) < Failed; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(await broker.CountAsync(queue) == Failed, $"Round {round}: {queue} holds {await broker.CountAsync(queue)} of its {Failed} messages.");
    }
}
