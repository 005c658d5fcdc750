using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Tool.Check;

/// <summary>
/// Writes the probe as the worker writes a message: through the worker's store (<see cref="S3ObjectStore"/>, with the
/// destination's sender, credentials and retry pipeline), and explains what kept it from being written.
/// </summary>
internal sealed class ProbeWriter(S3ObjectStore store, TimeProvider time, FailureExplainer explainer)
{
    public async Task<CheckResult> CheckAsync(Destination destination, CancellationToken cancellation)
    {
        var probe = ProbeObject.For(destination, time.GetUtcNow());
        try
        {
            await store.PutAsync(probe, () => !cancellation.IsCancellationRequested).ConfigureAwait(false);
            return new CheckResult(destination, probe.Key, null, null);
        }
        catch (Exception error) when (error is S3UnavailableException or UndeliverableMessageException && !cancellation.IsCancellationRequested)
        {
            var (failure, explanation) = await explainer.ExplainAsync(destination, error, cancellation).ConfigureAwait(false);
            return new CheckResult(destination, probe.Key, failure, explanation);
        }
    }
}
