using Amazon.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Health;

/// <summary>
/// Each destination: unavailable (its writes failed for its own reasons, and its messages are held), or available and
/// its bucket's URL (<see cref="BucketEndpoint"/>, where its writes go) answers HTTP. Any answer counts, 403 included: a
/// destination may grant nothing but <c>s3:PutObject</c>, so reachability is all that can be checked without writing.
/// Some destinations unavailable is <see cref="HealthStatus.Degraded"/> (the others go on); all of them,
/// <see cref="HealthStatus.Unhealthy"/>.
/// </summary>
internal sealed class DestinationsHealthCheck(
    DestinationCatalog destinations, DestinationAvailability availability, DestinationSenders senders, IHttpClientFactory httpClients)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(nameof(DestinationsHealthCheck));
        var all = destinations.All.ToList();
        var entries = await Task.WhenAll(all.Select(destination => CheckAsync(client, destination, cancellationToken)));
        var available = entries.Count(entry => entry.Status == HealthStatus.Healthy);
        var status = available == entries.Length ? HealthStatus.Healthy : available == 0 ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        var data = all.Zip(entries).ToDictionary(pair => pair.First.Name, pair => (object)pair.Second);
        return new HealthCheckResult(status, $"{available} of {entries.Length} destination(s) take writes.", data: data);
    }

    private async Task<DestinationHealth> CheckAsync(HttpClient client, Destination destination, CancellationToken cancellationToken)
    {
        if (availability.OutageOf(destination.Name) is { } outage)
        {
            return new DestinationHealth(
                HealthStatus.Unhealthy, $"Unavailable since {outage.Since:u} ({outage.Code}); its messages are held until it takes writes.", outage.Code, outage.Since);
        }

        Uri endpoint;
        try
        {
            endpoint = senders.EndpointOf(destination).BucketUrl;
        }
        catch (AmazonClientException error)
        {
            // Its first write makes it unavailable for the same reason. Not the SDK's words: they may quote the endpoint's URL.
            return new DestinationHealth(
                HealthStatus.Unhealthy, "The SDK's endpoint rules refuse its bucket or endpoint: it cannot be written.", S3Failures.Classify(error).Code);
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, endpoint);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return new DestinationHealth(HealthStatus.Healthy, "Takes writes.");
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            // The host and port only: a ServiceUrl may carry user:password.
            return new DestinationHealth(
                HealthStatus.Unhealthy, $"Its S3 endpoint {endpoint.Scheme}://{endpoint.Host}:{endpoint.Port} does not answer ({error.GetType().Name}).", "EndpointUnreachable");
        }
    }
}
