using MassTransit;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// A quorum queue counts every return of a message, up to RabbitMQ 4.2 a closed channel's included (that is how
/// <c>s3consumer errors list</c> and a filtered redrive hand messages back), and from 4.0 on drops it after 20 (the
/// default <c>delivery-limit</c>) unless a dead-letter target takes it. Nothing may leave an error queue that way, so
/// the worker declares its quorum error (and skipped) queues with an explicit limit no one reaches: a number, since
/// -1 ("no limit" in 4.x) is not documented for 3.x.
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
