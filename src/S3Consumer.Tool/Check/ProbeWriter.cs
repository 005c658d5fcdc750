using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Tool.Check;

/// <summary>
/// Writes the probe through the worker's own client, request and retry pipeline for the destination
/// (<see cref="S3EndpointCache"/>, <see cref="S3PutClient"/>), and reads a refusal as S3 gave it, to explain it.
/// </summary>
internal sealed class ProbeWriter(S3EndpointCache endpoints, TimeProvider time, FailureExplainer explainer)
{
    public async Task<CheckResult> CheckAsync(Destination destination, CancellationToken cancellation)
    {
        var probe = ProbeObject.For(destination, time.GetUtcNow());
        try
        {
            var endpoint = endpoints.For(destination);
            await endpoint.Pipeline.ExecuteAsync(
                async attempt => await endpoint.Client.PutAsync(probe, attempt).ConfigureAwait(false),
                cancellation).ConfigureAwait(false);
            return new CheckResult(destination, probe.Key, null, null);
        }
#pragma warning disable CA1031 // Whatever kept the probe from being written is the check's result, explained.
        catch (Exception error) when (!cancellation.IsCancellationRequested)
#pragma warning restore CA1031
        {
            var (failure, explanation) = await explainer.ExplainAsync(destination, error, cancellation).ConfigureAwait(false);
            return new CheckResult(destination, probe.Key, failure, explanation);
        }
    }
}
