using Amazon.Runtime;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>The SDK's endpoint rules say where a bucket's objects go and for which region and service they are signed.</summary>
public sealed class BucketEndpointTests
{
    [Theory]
    [InlineData("lake", "us-west-2", null, false, "https://lake.s3.us-west-2.amazonaws.com", "", "lake.s3.us-west-2.amazonaws.com", true)]
    [InlineData("lake", "us-west-2", null, true, "https://s3.us-west-2.amazonaws.com", "/lake", "s3.us-west-2.amazonaws.com", true)]
    [InlineData("lake.with.dots", "eu-west-1", null, false, "https://s3.eu-west-1.amazonaws.com", "/lake.with.dots", "s3.eu-west-1.amazonaws.com", true)]
    [InlineData("lake", "cn-north-1", null, false, "https://lake.s3.cn-north-1.amazonaws.com.cn", "", "lake.s3.cn-north-1.amazonaws.com.cn", true)]
    [InlineData("lake", "eu-central-1", "https://s3.eu-central-1.amazonaws.com/", false, "https://lake.s3.eu-central-1.amazonaws.com", "", "lake.s3.eu-central-1.amazonaws.com", true)]
    [InlineData("lake", "us-east-1", "http://127.0.0.1:4568/", true, "http://127.0.0.1:4568", "/lake", "127.0.0.1:4568", false)]
    [InlineData("lake", "us-east-1", "https://s3.internal.example:9000/", false, "https://lake.s3.internal.example:9000", "", "lake.s3.internal.example:9000", false)]
    public void A_bucket_is_reached_where_the_rules_say(string bucket, string region, string? serviceUrl, bool pathStyle, string origin, string basePath, string host, bool aws)
    {
        var endpoint = BucketEndpoint.Resolve(bucket, region, serviceUrl is null ? null : new Uri(serviceUrl), pathStyle);

        Assert.Equal((origin, basePath, host, origin.StartsWith("https", StringComparison.Ordinal), aws), (endpoint.Origin, endpoint.BasePath, endpoint.Host, endpoint.Https, endpoint.Aws));
        Assert.Equal(new Uri($"{origin}{basePath}/"), endpoint.BucketUrl);
    }

    [Fact]
    public void An_access_point_is_signed_for_its_own_region()
    {
        var endpoint = BucketEndpoint.Resolve("arn:aws:s3:eu-west-1:123456789012:accesspoint/reader", "eu-west-1", null, forcePathStyle: false);
        var authorization = endpoint.Signer.Authorization(
            new ImmutableCredentials("AKID", "secret", null), "20251014T000000Z", "PUT", "/a.json", [new("host", endpoint.Host)], S3RequestSigner.UnsignedPayload);

        Assert.Equal("reader-123456789012.s3-accesspoint.eu-west-1.amazonaws.com", endpoint.Host);
        Assert.Contains("/20251014/eu-west-1/s3/aws4_request", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_bucket_is_refused_with_what_to_write_to_instead()
    {
        var error = Assert.Throws<AmazonClientException>(() => BucketEndpoint.Resolve("lake--usw2-az1--x-s3", "us-west-2", null, forcePathStyle: false));

        Assert.Contains("sigv4-s3express", error.Message, StringComparison.Ordinal);
        Assert.Contains("general purpose bucket", error.Message, StringComparison.Ordinal);
    }
}
