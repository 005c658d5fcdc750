using MassTransit;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Consumers;

namespace S3Consumer.Worker.Messaging;

internal static class MessagingRegistration
{
    /// <summary>RabbitMQ's own ceiling for one message (its <c>max_message_size</c> can be raised to 512 MiB, no further).</summary>
    private const uint MaxMessageBytes = 512 * 1024 * 1024;

    /// <summary>MassTransit on RabbitMQ: one durable queue per action, taking typed and raw JSON messages alike.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName).ValidateOnStart();
        services.AddOptions<QueueOptions>()
            .BindConfiguration(QueueOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                queues => queues.PrefetchCount >= queues.ConcurrentMessageLimit,
                "Queues:PrefetchCount is below Queues:ConcurrentMessageLimit, so that many writes are never in flight: set the prefetch to at least the limit (twice it keeps the next messages at hand).")
            .ValidateOnStart();
        services.AddHostedService<MemoryBudgetWarning>();
        services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            // Start consuming only once the queues exist, and on shutdown let in-flight writes finish and be acknowledged.
            host.WaitUntilStarted = true;
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<ReadActionConsumer, ActionConsumerDefinition<ReadActionConsumer>>();
            bus.AddConsumer<SubscribeActionConsumer, ActionConsumerDefinition<SubscribeActionConsumer>>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var broker = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);

                    // RabbitMQ.Client drops bodies over 64 MiB by default; take every size the broker may carry.
                    host.MaxMessageSize(MaxMessageBytes);
                });

                // Raw publishers send application/json, or no content type at all; typed ones send MassTransit's envelope.
                rabbit.AddDeserializer(new RawJsonDeserializer(), isDefault: true);

                var queues = context.GetRequiredService<IOptions<QueueOptions>>().Value;
                rabbit.ReceiveEndpoint(queues.Read, endpoint => Configure<ReadActionConsumer>(endpoint, context, queues));
                rabbit.ReceiveEndpoint(queues.Subscribe, endpoint => Configure<SubscribeActionConsumer>(endpoint, context, queues));
            });
        });
        return services;
    }

    private static void Configure<TConsumer>(IRabbitMqReceiveEndpointConfigurator endpoint, IBusRegistrationContext context, QueueOptions queues)
        where TConsumer : class, IConsumer
    {
        endpoint.PrefetchCount = queues.PrefetchCount;
        endpoint.ConcurrentMessageLimit = queues.ConcurrentMessageLimit;
        endpoint.PublishFaults = false;
        if (queues.Quorum)
        {
            endpoint.SetQuorumQueue();
        }

        // Raw publishers send to the queue itself; only the typed contracts get an exchange bound to it.
        endpoint.ConfigureMessageTopology<RawJsonMessage>(false);
        endpoint.ConfigureConsumer<TConsumer>(context);
    }
}
