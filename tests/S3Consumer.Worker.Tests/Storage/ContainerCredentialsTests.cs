namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// A worker started as EKS Pod Identity or ECS start it: credentials from a local container endpoint
/// (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> and the token of <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>) sign the
/// writes of a destination with no keys of its own and the STS call that assumes a destination's role; the profile's
/// <c>endpoint_url</c> (the shared config file) sends the writes of a destination without <c>ServiceUrl</c>.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Process")]
public sealed class ContainerCredentialsTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/s3consumer-writer";
    private const string Time = "2025-10-14T02:58:59.323405308Z";

    // What the test process's environment may set that the pod's has not.
    private static readonly string[] Inherited =
        ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"];

    private readonly string configFile = Path.Combine(Path.GetTempPath(), $"s3consumer-aws-config-{Guid.NewGuid():N}");
    private TestBed bed = null!;
    private S3RecordingProxy proxy = null!;
    private StsStandIn sts = null!;
    private ContainerCredentialsStandIn container = null!;

    public async Task InitializeAsync()
    {
        bed = await TestBed.CreateAsync();
        proxy = await S3RecordingProxy.StartAsync(keyId => ContainerCredentialsStandIn.SecretOf(keyId) ?? StsStandIn.SecretOf(keyId));
        sts = await StsStandIn.StartAsync(TimeSpan.FromHours(1));
        container = await ContainerCredentialsStandIn.StartAsync();
        await File.WriteAllTextAsync(configFile, $"[default]\nendpoint_url = {proxy.Url}\n");
        bed.With(
        [
            .. Pod("plain"), .. Pod("role"), ("Destinations:role:RoleArn", RoleArn),

            // The pod's environment: no keys, the container endpoint and its token, the profile's file; STS's endpoint and region.
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.Url.ToString()),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", container.TokenFile),
            ("AWS_CONFIG_FILE", configFile),
            ("AWS_SHARED_CREDENTIALS_FILE", configFile + ".none"),
            ("AWS_ENDPOINT_URL_STS", sts.Url.ToString()),
            ("AWS_REGION", TestServices.Region),
            .. Inherited.Select(name => (name, (string?)null)),
        ]);
    }

    public async Task DisposeAsync()
    {
        await container.DisposeAsync();
        await sts.DisposeAsync();
        await proxy.DisposeAsync();
        await bed.DisposeAsync();
        File.Delete(configFile);
    }

    [Fact]
    public async Task Container_credentials_sign_plain_writes_and_the_call_that_assumes_a_role()
    {
        using var worker = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);
        foreach (var destination in new[] { "plain", "role" })
        {
            await bed.Broker.PublishRawAsync(bed.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = destination }, messageId: destination);
        }

        await Task.WhenAll(bed.Bucket.WaitForObjectAsync($"{Time}_plain.json"), bed.Bucket.WaitForObjectAsync($"{Time}_role.json"));

        var issued = Assert.Single(container.Issued); // the chain found the container's credentials once, for both destinations
        Assert.Equal(0, container.Refused);
        Assert.Equal(issued, Assert.Single(proxy.PutsOf($"{Time}_plain.json")).AccessKeyId);
        var call = Assert.Single(sts.Calls);
        Assert.Equal((issued, RoleArn), (call.CallerKeyId, call.RoleArn));
        var role = Assert.Single(proxy.PutsOf($"{Time}_role.json"));
        Assert.Equal(call.IssuedKeyId, role.AccessKeyId);

        // Sent to the profile's endpoint_url, an S3-compatible server to the worker: no checksum of AWS's defaults.
        Assert.DoesNotContain(role.Headers.Keys, name => name.StartsWith("x-amz-checksum-", StringComparison.Ordinal));
    }

    // A destination of the pod's own identity: no keys, no ServiceUrl.
    private (string Key, string? Value)[] Pod(string name) =>
    [
        ($"Destinations:{name}:Bucket", bed.Bucket.Name), ($"Destinations:{name}:Region", TestServices.Region), ($"Destinations:{name}:ForcePathStyle", "true"),
    ];
}
