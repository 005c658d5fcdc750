using MassTransit;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// A quorum queue counts every return of a message (a redelivery, and in RabbitMQ 4.0-4.2 also a message taken
/// unacknowledged and handed back, as <c>s3consumer-errors list</c> and a filtered redrive do) and, from 4.0 on,
/// drops it after 20 (the default <c>delivery-limit</c>) unless a dead-letter target takes it. Nothing may leave an
/// error queue that way, so the worker declares its quorum error (and skipped) queues with an explicit limit no one
/// reaches. A number rather than 4.x's -1 ("no limit"), which RabbitMQ 3.x does not read that way.
/// </summary>
internal static class QuorumErrorQueues
{
    public const string DeliveryLimitArgument = "x-delivery-limit";

    public const int DeliveryLimit = int.MaxValue;

    public static void KeepEveryMessage(this IRabbitMqBusFactoryConfigurator rabbit)
    {
        rabbit.SendTopology.ConfigureErrorSettings = settings => settings.SetQueueArgument(DeliveryLimitArgument, DeliveryLimit);
        rabbit.SendTopology.ConfigureDeadLetterSettings = settings => settings.SetQueueArgument(DeliveryLimitArgument, DeliveryLimit);
    }
}
