using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Services;

internal static class HoldingQueueCleanup
{
    /// <summary>Deletes the holding queues of <paramref name="queue"/> for these destinations.</summary>
    public static Task DeleteHoldingQueuesAsync(this Broker broker, string queue, params string[] destinations) =>
        broker.DeleteQueuesAsync([.. destinations.Select(destination => HoldingQueues.Name(queue, destination))]);
}
