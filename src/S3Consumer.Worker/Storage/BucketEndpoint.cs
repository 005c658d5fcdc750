using System.Collections;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;
using Amazon.S3;
using Amazon.S3.Endpoints;
using Amazon.S3.Internal;
using Endpoint = Amazon.Runtime.Endpoints.Endpoint;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// Where a destination's objects are written and how their requests are signed: the SDK's own S3 endpoint rules,
/// evaluated once for the bucket (their answer never depends on the object key), the one source of a destination's
/// URL for the writes, the health check and the tool. The rules read the client settings the SDK takes from the
/// environment and profile too: FIPS, dual-stack, us-east-1's regional endpoint, and for a destination without
/// <c>ServiceUrl</c> a configured endpoint (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>, a profile's
/// <c>endpoint_url</c>, unless <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c>).
/// </summary>
/// <param name="Origin">The scheme, host and port requests go to.</param>
/// <param name="BasePath">The path before each object's key: the bucket's for path-style requests, empty for virtual-hosted ones.</param>
/// <param name="Host">The <c>Host</c> header (and signed host) of the requests.</param>
/// <param name="Aws">The endpoint is AWS's own (in the region's partition), not an S3-compatible server: it decides the defaults AWS alone takes.</param>
internal sealed record BucketEndpoint(string Origin, string BasePath, string Host, bool Https, bool Aws, S3RequestSigner Signer)
{
    /// <summary>The bucket's own URL (a HEAD of it answers with the bucket's region, whoever asks).</summary>
    public Uri BucketUrl => new($"{Origin}{BasePath}/");

    public static BucketEndpoint Resolve(string bucket, string region, Uri? serviceUrl, bool forcePathStyle)
    {
        // Read only for the settings the SDK takes from the environment and profile. It is given the region all the
        // same: without one, the SDK looks for a region (on EC2, from the instance metadata) as the settings are read.
        var config = new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region) };
        var parameters = new S3EndpointParameters
        {
            Bucket = bucket,
            Region = region,
            ForcePathStyle = forcePathStyle,
            UseFIPS = config.UseFIPSEndpoint,
            UseDualStack = config.UseDualstackEndpoint,
            Accelerate = config.UseAccelerateEndpoint,
            UseGlobalEndpoint = config.USEast1RegionalEndpointValue == S3UsEast1RegionalEndpointValue.Legacy,
            DisableMultiRegionAccessPoints = config.DisableMultiregionAccessPoints,
            UseArnRegion = config.UseArnRegion,
        };

        // The configured endpoint is read last: the SDK drops the config's region as it takes one.
        parameters.Endpoint = serviceUrl?.ToString() ?? config.ServiceURL;
        var endpoint = new AmazonS3EndpointProvider().ResolveEndpoint(parameters);
        var url = new Uri(endpoint.URL);
        var (signingRegion, signingName) = SigV4Scope(endpoint, bucket, region);
        return new BucketEndpoint(
            url.GetLeftPart(UriPartial.Authority), url.AbsolutePath.TrimEnd('/'), url.Authority, url.Scheme == Uri.UriSchemeHttps,
            parameters.Endpoint is null || InPartitionOf(region, url.Host), new S3RequestSigner(signingRegion, signingName));
    }

    /// <summary>
    /// The object's URL, its path (from <see cref="Origin"/>'s length on) the key encoded once after the base path. A
    /// leading slash is dropped, as the AWS SDK drops it, so that a key template names the same objects through either.
    /// </summary>
    public string UrlOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var start = key.StartsWith('/') ? 1 : 0;
        return string.Create(
            Origin.Length + BasePath.Length + 1 + S3RequestSigner.EncodedLength(key.AsSpan(start)),
            (Endpoint: this, Key: key, Start: start),
            static (url, state) =>
            {
                var (origin, basePath) = (state.Endpoint.Origin, state.Endpoint.BasePath);
                origin.CopyTo(url);
                basePath.CopyTo(url[origin.Length..]);
                url[origin.Length + basePath.Length] = '/';
                S3RequestSigner.EncodePath(state.Key.AsSpan(state.Start), url[(origin.Length + basePath.Length + 1)..]);
            });
    }

    // AWS's own hosts end in the DNS suffix of the region's partition (amazonaws.com, amazonaws.com.cn, ...) or its
    // dual-stack one: an endpoint given as a URL may still be AWS's (a VPC endpoint, a regional endpoint written out).
    private static bool InPartitionOf(string region, string host)
    {
        var partition = Fn.Partition(region);
        return new[] { partition?.dnsSuffix, partition?.dualStackDnsSuffix }
            .Any(suffix => suffix is { Length: > 0 } && host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The region and service SigV4 signs for, as the rules name them. A bucket whose rules ask only for another scheme
    /// (SigV4a for multi-region access points, S3 Express sessions for directory buckets) cannot be written.
    /// </summary>
    private static (string Region, string Service) SigV4Scope(Endpoint endpoint, string bucket, string region)
    {
        if (endpoint.Attributes?["authSchemes"] is not IList { Count: > 0 } schemes)
        {
            return (region, "s3");
        }

        var names = new List<string>();
        foreach (PropertyBag scheme in schemes)
        {
            var name = (string)scheme["name"];
            if (name == "sigv4")
            {
                return ((string?)scheme["signingRegion"] is { Length: > 0 } signingRegion ? signingRegion : region,
                    (string?)scheme["signingName"] is { Length: > 0 } signingName ? signingName : "s3");
            }

            names.Add(name);
        }

        throw new AmazonClientException(
            $"Bucket '{bucket}' is written with {string.Join(" or ", names)} signing, which the worker does not do (it signs with SigV4): " +
            "write to a general purpose bucket or a single-region access point.");
    }
}
