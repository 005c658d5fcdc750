using MassTransit;
using MassTransit.Middleware;
using MassTransit.RabbitMqTransport.Configuration;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Consumers;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Messaging;

internal static class MessagingRegistration
{
    /// <summary>RabbitMQ's own ceiling for one message (its <c>max_message_size</c> can be raised to 512 MiB, no further).</summary>
    private const uint MaxMessageBytes = 512 * 1024 * 1024;

    /// <summary>
    /// MassTransit on RabbitMQ: one durable queue per action, taking typed and raw JSON messages alike, and with
    /// <c>Ingress:Exchange</c> one more bound to that exchange, taking raw JSON of both actions.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>();
        services.AddHostedService<BrokerTlsPreflight>(); // before the bus, which would retry a hopeless TLS set-up forever
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>();
        services.AddOptions<IngressOptions>().BindConfiguration(IngressOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngressOptions>, IngressOptionsValidator>();
        services.AddHostedService<MemoryBudgetWarning>();
        services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            // Start consuming only once the queues exist, and on shutdown let in-flight writes finish and be acknowledged.
            host.WaitUntilStarted = true;
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddSingleton<HoldingQueues>();

        // One consumer for every message of its queue: they hold only singletons, and MassTransit then makes no DI
        // scope per message, a cost docs/performance.md measures ("Warm-up and DI scope cut").
        services.AddSingleton<SkippedMessages>();
        services.AddSingleton<ReadActionConsumer>();
        services.AddSingleton<SubscribeActionConsumer>();
        services.AddSingleton<IngressConsumer>();
        services.AddMassTransit(bus =>
        {
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                var broker = BrokerConnection.From(options);
                rabbit.Host(broker, context.GetRequiredService<ILogger<BrokerConnection>>(), host =>
                {
                    // RabbitMQ.Client drops bodies over 64 MiB by default; take every size the broker may carry.
                    host.MaxMessageSize(MaxMessageBytes);
                    if (ClusterNodeList.Parse(options.ClusterNodes).Count > 0)
                    {
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in ClusterNodeList.WithHost(broker.Factory.HostName, (ushort)broker.Factory.Port, options.ClusterNodes))
                            {
                                cluster.Node(node);
                            }
                        });
                    }
                });

                // Raw publishers send application/json, or no content type at all; typed ones send MassTransit's envelope.
                rabbit.AddDeserializer(new RawJsonDeserializer(), isDefault: true);

                var queues = context.GetRequiredService<IOptions<QueueOptions>>().Value;
                if (queues.Quorum)
                {
                    rabbit.KeepEveryMessage();
                }

                rabbit.ReceiveEndpoint(queues.Read, endpoint => Configure<ReadActionConsumer>(endpoint, context, queues));
                rabbit.ReceiveEndpoint(queues.Subscribe, endpoint => Configure<SubscribeActionConsumer>(endpoint, context, queues));
                var ingress = context.GetRequiredService<IOptions<IngressOptions>>().Value;
                if (ingress.Enabled)
                {
                    rabbit.ReceiveEndpoint(ingress.Queue, endpoint =>
                    {
                        Configure<IngressConsumer>(endpoint, context, queues);

                        // The queue's settings are read as the binding is made, once MassTransit has them all.
                        var settings = ((IRabbitMqReceiveEndpointConfiguration)endpoint).Settings;
                        endpoint.ConfigureChannel(channel =>
                            channel.UseFilter(new IngressBinding(ingress, settings, context.GetRequiredService<ILogger<IngressBinding>>())));
                    });
                }
            });
        });
        return services;
    }

    private static void Configure<TConsumer>(IRabbitMqReceiveEndpointConfigurator endpoint, IBusRegistrationContext context, QueueOptions queues)
        where TConsumer : class, IConsumer
    {
        (endpoint.PrefetchCount, endpoint.ConcurrentMessageLimit) = context.GetRequiredService<BatchRoom>()
            .Raise(endpoint.InputAddress.Segments[^1], queues.PrefetchCount, queues.ConcurrentMessageLimit);
        endpoint.PublishFaults = false;

        // MassTransit's own error pipe (fault, then the error queue), with every message that takes it counted first; a
        // message whose hold failed takes it back to its queue instead.
        endpoint.ConfigureError(error =>
        {
            error.UseFilter(new FailedHoldRequeue(context.GetRequiredService<ILogger<FailedHoldRequeue>>()));
            error.UseFilter(new ErrorQueueCounter(context.GetRequiredService<WorkerTelemetry>()));
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
        if (queues.Quorum)
        {
            endpoint.SetQuorumQueue();
        }

        // Raw publishers send to the queue itself; only the typed contracts get an exchange bound to it.
        endpoint.ConfigureMessageTopology<RawJsonMessage>(false);
        endpoint.Instance(context.GetRequiredService<TConsumer>());
    }
}
