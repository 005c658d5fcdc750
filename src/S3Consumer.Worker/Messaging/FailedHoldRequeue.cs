using System.Runtime.ExceptionServices;
using MassTransit;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// First on the error pipe: a message whose hold failed (<see cref="HoldFailedException"/>) is not moved to the error
/// queue; the exception is thrown on, so that MassTransit returns the message to its queue unacknowledged (a nack with
/// requeue) and it is delivered again, held or written then. A short pause first keeps a broker that cannot take held
/// copies from being asked again in a tight loop.
/// </summary>
internal sealed partial class FailedHoldRequeue(ILogger<FailedHoldRequeue> logger) : IFilter<ExceptionReceiveContext>
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Exception is not HoldFailedException failed)
        {
            await next.Send(context).ConfigureAwait(false);
            return;
        }

        LogRequeued(failed.HoldingQueue, failed.InnerException?.GetType().Name ?? "", failed.InnerException?.Message ?? "");
        await Task.Delay(Pause, CancellationToken.None).ConfigureAwait(false);
        ExceptionDispatchInfo.Throw(failed);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("s3consumer-failed-hold-requeue");

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "A message could not be held in {HoldingQueue} ({ErrorType}: {Error}); it goes back to its queue, unacknowledged, and is delivered again")]
    private partial void LogRequeued(string holdingQueue, string errorType, string error);
}
