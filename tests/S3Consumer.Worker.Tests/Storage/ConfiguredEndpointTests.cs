using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// A destination without <c>ServiceUrl</c> goes where the AWS SDK's standard settings send S3 clients:
/// <c>AWS_ENDPOINT_URL_S3</c>, else <c>AWS_ENDPOINT_URL</c>, else the profile's <c>endpoint_url</c> (the SDK finds the
/// profile's file once a process: <see cref="ContainerCredentialsTests"/> starts a worker with one), none of them with
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c>; and takes the defaults of the endpoint it resolves to (CRC32C on AWS only).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class ConfiguredEndpointTests
{
    private const string Service = "http://s3-only.example:9000";
    private const string Global = "http://every-service.example:9000";
    private const string Aws = "https://s3.us-west-2.amazonaws.com";

    [Theory]
    [InlineData(Service, null, false, Service)]
    [InlineData(null, Global, false, Global)]
    [InlineData(Service, Global, false, Service)]
    [InlineData(Service, Global, true, Aws)]
    [InlineData(null, null, false, Aws)]
    public void A_destination_without_ServiceUrl_follows_the_SDKs_configured_endpoint(string? s3, string? global, bool ignore, string origin)
    {
        using var environment = Environment(s3, global, ignore);

        var endpoint = BucketEndpoint.Resolve("lake", "us-west-2", serviceUrl: null, forcePathStyle: true);

        Assert.Equal((origin, "/lake"), (endpoint.Origin, endpoint.BasePath));
        Assert.Equal(origin.EndsWith(".amazonaws.com", StringComparison.Ordinal), endpoint.Aws);
    }

    [Fact]
    public void A_destinations_ServiceUrl_wins_over_the_configured_endpoints()
    {
        using var environment = Environment(Service, Global, ignore: false);

        Assert.Equal("http://127.0.0.1:4568", BucketEndpoint.Resolve("lake", "us-west-2", new Uri("http://127.0.0.1:4568/"), forcePathStyle: true).Origin);
    }

    [Fact]
    public async Task Writes_go_to_the_configured_endpoint_with_an_S3_compatible_servers_defaults()
    {
        await using var bucket = await S3Bucket.CreateAsync();
        await using var proxy = await S3RecordingProxy.StartAsync();
        using var environment = Environment(proxy.Url.ToString(), null, ignore: false);
        var options = StoreBed.At(proxy.Url, bucket.Name);
        options.ServiceUrl = null;
        using var bed = new StoreBed();

        await bed.Store.PutAsync(StoreBed.Write(StoreBed.Destination("lake", options), "configured.json"), () => false);

        var put = Assert.Single(proxy.PutsOf("configured.json"));
        Assert.DoesNotContain(put.Headers.Keys, name => name.StartsWith("x-amz-checksum-", StringComparison.Ordinal) || name == "x-amz-sdk-checksum-algorithm");
        Assert.NotNull(await bucket.WaitForObjectAsync("configured.json"));
    }

    private static IDisposable Environment(string? s3, string? global, bool ignore) => ProcessEnvironment.Set(
        ("AWS_ENDPOINT_URL_S3", s3), ("AWS_ENDPOINT_URL", global), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ignore ? "true" : null));
}
