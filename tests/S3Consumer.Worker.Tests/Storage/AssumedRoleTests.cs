using System.Globalization;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>A destination with RoleArn writes with the role's credentials, assumed through a local STS, and assumes it again before they expire.</summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Process")]
public sealed class AssumedRoleTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/s3consumer-writer";
    private const string CallerKeyId = "CALLERKEY";

    // The SDK assumes the role again 15 minutes before the session ends: these sessions are due for renewal after 6 s.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(6);

    private TestBed bed = null!;
    private S3RecordingProxy proxy = null!;
    private StsStandIn sts = null!;

    public async Task InitializeAsync()
    {
        bed = await TestBed.CreateAsync();
        proxy = await S3RecordingProxy.StartAsync(StsStandIn.SecretOf);
        sts = await StsStandIn.StartAsync(Lifetime);
        bed.With(
            ("Destinations:lake:ServiceUrl", proxy.Url.ToString()),
            ("Destinations:lake:RoleArn", RoleArn),
            ("Destinations:lake:ExternalId", "tenant-7f3a"),
            ("Destinations:lake:RoleSessionName", "s3c-it"),
            ("Destinations:lake:AccessKeyId", null),
            ("Destinations:lake:SecretAccessKey", null),

            // The SDK's standard settings, as a pod would have them: STS's endpoint, and the default chain's credentials.
            ("AWS_ENDPOINT_URL_STS", sts.Url.ToString()),
            ("AWS_REGION", TestServices.Region),
            ("AWS_ACCESS_KEY_ID", CallerKeyId),
            ("AWS_SECRET_ACCESS_KEY", "caller-secret"));
    }

    public async Task DisposeAsync()
    {
        await sts.DisposeAsync();
        await proxy.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task Writes_are_signed_with_the_assumed_role_which_is_assumed_again_before_it_expires()
    {
        using var worker = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);

        // One message at a time, every half second to spread the writes over the sessions' lifetimes, until writes go out
        // with a second session.
        var sent = 0;
        await Poll.UntilAsync(
            async () =>
            {
                var id = $"role-{sent++}";
                await bed.Broker.PublishRawAsync(bed.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "lake" }, messageId: id);
                await bed.Bucket.WaitForObjectAsync($"2025-10-14T02:58:59.323405308Z_{id}.json");
                return proxy.Puts.Select(put => put.AccessKeyId).Distinct().Count() >= 2;
            },
            TimeSpan.FromSeconds(60), "writes signed with a second session (sessions were due for renewal every 6 s)", interval: TimeSpan.FromMilliseconds(500),
            seen: () => $"{sent} messages written, the role assumed {sts.Calls.Count} times; the worker said: {string.Join('\n', worker.Output.TakeLast(20))}");

        var calls = sts.Calls.ToList();
        Assert.All(calls, call => Assert.Equal((CallerKeyId, RoleArn, "s3c-it", "tenant-7f3a"), (call.CallerKeyId, call.RoleArn, call.RoleSessionName, call.ExternalId)));
        var sessions = calls.ToDictionary(call => call.IssuedKeyId);
        var puts = proxy.Puts.ToList();
        Assert.All(puts, put =>
        {
            Assert.True(sessions.TryGetValue(put.AccessKeyId, out var session), $"{put.Key} was signed with {put.AccessKeyId}, not an assumed key.");
            Assert.True(Signed(put) < session.Expiration, $"{put.Key} was signed with {put.AccessKeyId} at {Signed(put)}, after it expired at {session.Expiration}.");
            Assert.StartsWith("token-of-ASSUMED", put.Headers["x-amz-security-token"], StringComparison.Ordinal);
        });

        // The first session still had 15 minutes to run when the writes moved on to the next one.
        var first = sessions[puts[0].AccessKeyId];
        var moved = Signed(puts.First(put => put.AccessKeyId != first.IssuedKeyId));
        Assert.True(moved < first.Expiration - TimeSpan.FromMinutes(14), $"The role was assumed again at {moved}, when its session ran until {first.Expiration}.");
    }

    private static DateTimeOffset Signed(RecordedPut put) =>
        DateTimeOffset.ParseExact(put.Headers["x-amz-date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
