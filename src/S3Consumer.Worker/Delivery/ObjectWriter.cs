using System.Diagnostics;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Delivery;

/// <summary>Writes an object, one message's or a batch's, and measures the write on its span and in the metrics.</summary>
public sealed class ObjectWriter(S3ObjectStore store, DeliveryTelemetry telemetry)
{
    /// <param name="put">The write's span, started by the caller (one message's, or a batch's with its links).</param>
    /// <param name="mayRetry">Whether a failed attempt may be retried (see <see cref="S3ObjectStore.PutAsync"/>).</param>
    public async Task PutAsync(ObjectWrite write, Activity? put, Func<bool> mayRetry)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await store.PutAsync(write, mayRetry).ConfigureAwait(false);
            telemetry.Written(put, write, result, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception error)
        {
            telemetry.PutFailed(put, write, error, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
