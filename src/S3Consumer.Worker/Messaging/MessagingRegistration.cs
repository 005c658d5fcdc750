using MassTransit;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Consumers;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Messaging;

internal static class MessagingRegistration
{
    /// <summary>MassTransit on RabbitMQ: one durable queue per action, taking typed and raw JSON messages alike.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName).ValidateOnStart();
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.SectionName).ValidateOnStart();
        services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            // Start consuming only once the queues exist, and on shutdown let in-flight writes finish and be acknowledged.
            host.WaitUntilStarted = true;
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<ReadActionConsumer>();
            bus.AddConsumer<SubscribeActionConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var broker = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
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

        endpoint.UseMessageRetry(retry =>
        {
            // Only S3 being unavailable is worth waiting for; a message that cannot be written goes to the error queue at once.
            retry.Handle<S3UnavailableException>();
            retry.Exponential(int.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        });
        endpoint.ConfigureConsumer<TConsumer>(context);
    }
}
