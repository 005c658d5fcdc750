using S3Consumer.Core.Destinations;

namespace S3Consumer.Tool.Check;

/// <summary>
/// Asks S3 which region a bucket is in: an unsigned HEAD of the bucket answers with <c>x-amz-bucket-region</c>
/// whatever the caller may do, so it needs no permission beyond the worker's.
/// </summary>
internal sealed class BucketRegionLookup(HttpClient http)
{
    public const string RegionHeader = "x-amz-bucket-region";

    public async Task<string?> FindAsync(Destination destination, CancellationToken cancellation)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, BucketUrl(destination));
            using var response = await http.SendAsync(request, cancellation).ConfigureAwait(false);
            return response.Headers.TryGetValues(RegionHeader, out var values) ? values.FirstOrDefault() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static Uri BucketUrl(Destination destination) => destination.Options.ServiceUrl switch
    {
        { } url when destination.Options.ForcePathStyle => new Uri(url, $"/{Uri.EscapeDataString(destination.Bucket)}"),
        { } url => new UriBuilder(url) { Host = $"{destination.Bucket}.{url.Host}" }.Uri,
        null => new Uri($"https://{destination.Bucket}.s3.amazonaws.com/"),
    };
}
