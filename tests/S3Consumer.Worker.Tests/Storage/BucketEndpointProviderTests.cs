using Amazon.S3.Endpoints;
using Amazon.S3.Internal;
using CsCheck;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>The endpoint rules' answer is reused only while every input they read is the same.</summary>
public sealed class BucketEndpointProviderTests
{
    private static readonly Gen<S3EndpointParameters> Parameters =
        Gen.Select(
            Pick("lake", "lake.with.dots", "other-lake", "arn:aws:s3:eu-west-1:123456789012:accesspoint/reader"),
            Pick("us-east-1", "eu-west-1", "ap-southeast-2"),
            Pick<string?>(null, "http://127.0.0.1:4568/", "https://s3.internal.example:9000/"),
            Gen.Bool,
            Gen.Bool,
            Gen.Bool,
            Pick("2025/10/14/a.json", "b.json"))
        .Select(inputs => Of(inputs.Item1, inputs.Item2, inputs.Item3, inputs.Item4, inputs.Item5, inputs.Item6, inputs.Item7));

    [Fact]
    public void Any_sequence_of_requests_gets_the_rules_own_answer_for_each()
    {
        var rules = new AmazonS3EndpointProvider();
        Parameters.List[1, 20].Sample(requests =>
        {
            var provider = new BucketEndpointProvider();
            foreach (var request in requests)
            {
                Assert.Equal(Answer(() => rules.ResolveEndpoint(request).URL), Answer(() => provider.ResolveEndpoint(request).URL));
            }
        }, iter: 200);
    }

    [Fact]
    public void Objects_of_one_bucket_share_one_resolution()
    {
        var provider = new BucketEndpointProvider();

        var first = provider.ResolveEndpoint(Of("lake", "eu-west-1", null, false, false, false, "a.json"));
        var second = provider.ResolveEndpoint(Of("lake", "eu-west-1", null, false, false, false, "b/c.json"));

        Assert.Same(first, second);
        Assert.Equal("https://lake.s3.eu-west-1.amazonaws.com", second.URL);
    }

    [Fact]
    public void An_endpoint_the_SDK_changed_is_resolved_again()
    {
        var provider = new BucketEndpointProvider();
        var first = provider.ResolveEndpoint(Of("lake", "eu-west-1", null, false, false, false, "a.json"));

        first.URL += "/";
        var second = provider.ResolveEndpoint(Of("lake", "eu-west-1", null, false, false, false, "b.json"));

        Assert.NotSame(first, second);
        Assert.Equal("https://lake.s3.eu-west-1.amazonaws.com", second.URL);
    }

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(index => values[index]);

    private static S3EndpointParameters Of(string bucket, string region, string? endpoint, bool pathStyle, bool fips, bool dualStack, string key) => new()
    {
        Bucket = bucket,
        Region = region,
        Endpoint = endpoint,
        ForcePathStyle = pathStyle,
        UseFIPS = fips,
        UseDualStack = dualStack,
        Accelerate = false,
        UseGlobalEndpoint = false,
        DisableMultiRegionAccessPoints = false,
        UseArnRegion = false,
        Key = key,
    };

    // Some combinations are refused by the rules (FIPS with a custom endpoint, say): the cache must refuse them alike.
    private static string Answer(Func<string> resolve)
    {
        try
        {
            return resolve();
        }
        catch (Exception error)
        {
            return $"{error.GetType().Name}: {error.Message}";
        }
    }
}
