using Amazon.Runtime;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Tool.Check;

/// <summary>
/// Asks S3 which region a bucket is in: an unsigned HEAD of the bucket's URL (<see cref="BucketEndpoint"/>, where the
/// worker writes) answers with <c>x-amz-bucket-region</c> whatever the caller may do, so it needs no permission beyond
/// the worker's.
/// </summary>
internal sealed class BucketRegionLookup(HttpClient http, DestinationSenders senders)
{
    public const string RegionHeader = "x-amz-bucket-region";

    public async Task<string?> FindAsync(Destination destination, CancellationToken cancellation)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, senders.EndpointOf(destination).BucketUrl);
            using var response = await http.SendAsync(request, cancellation).ConfigureAwait(false);
            return response.Headers.TryGetValues(RegionHeader, out var values) ? values.FirstOrDefault() : null;
        }
        catch (Exception error) when (error is HttpRequestException or AmazonClientException)
        {
            return null;
        }
    }
}
