using System.Diagnostics;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Writes;

/// <summary>
/// The one write of an object, one message's or a batch's: its PutObject, measured; then
/// <see cref="DestinationAvailability"/> told whether the destination took it; then the outcome. A failure of the
/// object itself (S3 refused what it holds) throws <see cref="Core.UndeliverableMessageException"/>.
/// </summary>
public sealed class WriteStep(S3ObjectStore store, DestinationAvailability availability, WriteTelemetry telemetry)
{
    /// <summary>Writes one message's object, under a span of its own that is a child of the message's.</summary>
    /// <param name="stopping">Once the worker is stopping, a failed attempt is not retried (an attempt under way is not aborted).</param>
    public async Task<WriteOutcome> WriteAsync(ObjectWrite write, CancellationToken stopping)
    {
        using var put = telemetry.StartPut(write);
        return await WriteAsync(write, put, stopping).ConfigureAwait(false);
    }

    /// <summary>Writes an object under <paramref name="put"/>, the span the caller started (a batch's, linked to its messages').</summary>
    /// <param name="stopping">Once the worker is stopping, a failed attempt is not retried (an attempt under way is not aborted).</param>
    public async Task<WriteOutcome> WriteAsync(ObjectWrite write, Activity? put, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(write);
        var destination = write.Destination.Name;
        var started = Stopwatch.GetTimestamp();

        // A write stops retrying once its destination is found unavailable (another write's failure says so), but a
        // probe, the one write let through while it is, keeps its retries: the first request after an outage often meets
        // a connection the server closed, or a SlowDown as it warms up, and one such answer would hold the destination
        // for another S3:HoldDelay.
        var probe = !availability.IsAvailable(destination);
        try
        {
            var result = await store.PutAsync(write, () => !stopping.IsCancellationRequested && (probe || availability.IsAvailable(destination))).ConfigureAwait(false);
            telemetry.Written(put, write, result, Stopwatch.GetElapsedTime(started));
            availability.Succeeded(destination);
            return WriteOutcome.Written;
        }
        catch (Exception error)
        {
            telemetry.PutFailed(put, write, error, Stopwatch.GetElapsedTime(started));
            if (error is not S3UnavailableException unavailable)
            {
                throw;
            }

            availability.Failed(destination, unavailable.Code);
            return new WriteOutcome(HoldReason.WriteFailed(unavailable.Code), unavailable.MayHaveBeenWritten);
        }
    }
}
