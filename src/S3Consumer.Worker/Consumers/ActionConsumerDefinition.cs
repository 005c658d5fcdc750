using MassTransit;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Consumers;

/// <summary>
/// How an action consumer's messages are retried, wherever it is hosted: only S3 being unavailable is worth waiting
/// for; a message that cannot be written goes to the error queue at once.
/// </summary>
public sealed class ActionConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<S3UnavailableException>();
            retry.Handle<ResultUnavailableException>();
            retry.Exponential(int.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
        });
    }
}
