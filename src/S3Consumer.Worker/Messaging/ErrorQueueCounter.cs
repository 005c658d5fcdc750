using System.Runtime.Serialization;
using MassTransit;
using S3Consumer.Core;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// On the error pipe, where every message bound for an error queue passes: counts in
/// <c>s3consumer.messages.undeliverable</c> those the delivery never saw (a body that is not JSON or has the wrong
/// shape, an unexpected error). The delivery counts its own refusals, with their destination.
/// </summary>
internal sealed class ErrorQueueCounter(WorkerTelemetry telemetry) : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        switch (context.Exception)
        {
            case UndeliverableMessageException:
                break;
            case SerializationException or { InnerException: SerializationException }:
                telemetry.CountUndeliverable(null, nameof(UndeliverableReason.InvalidJson));
                break;
            case var error:
                telemetry.CountUndeliverable(null, error.GetType().Name);
                break;
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("s3consumer-error-queue-counter");
}
