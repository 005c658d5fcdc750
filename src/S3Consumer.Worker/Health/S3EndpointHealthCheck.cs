using Microsoft.Extensions.Diagnostics.HealthChecks;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Worker.Health;

/// <summary>
/// Each destination's S3 endpoint answers HTTP. Any answer counts, 403 included: a destination may grant nothing
/// but <c>s3:PutObject</c>, so reachability is all that can be checked without writing.
/// </summary>
internal sealed class S3EndpointHealthCheck(DestinationCatalog destinations, IHttpClientFactory httpClients) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(nameof(S3EndpointHealthCheck));
        var problems = await Task.WhenAll(destinations.All.Select(destination => ProblemAsync(client, destination, cancellationToken)));
        var unreachable = problems.OfType<string>().ToList();
        return unreachable.Count == 0
            ? HealthCheckResult.Healthy($"{destinations.All.Count} S3 endpoint(s) answer.")
            : HealthCheckResult.Unhealthy(string.Join("; ", unreachable));
    }

    private static async Task<string?> ProblemAsync(HttpClient client, Destination destination, CancellationToken cancellationToken)
    {
        var endpoint = destination.Options.ServiceUrl ?? new Uri($"https://s3.{destination.Options.Region}.amazonaws.com/");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, endpoint);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return $"destination '{destination.Name}': {endpoint} does not answer ({error.Message})";
        }
    }
}
