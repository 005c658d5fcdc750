using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// A refusal of a destination's own settings (ACLs the bucket does not allow, a feature the endpoint does not implement,
/// a KMS key, a header of the destination's that S3 finds wrong, a storage class, a session that expired) holds the
/// destination's messages, never parks them, until it is fixed, and then they are written. Each destination writes
/// through a fault proxy of its own that plays one refusal, all in one worker.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Fault")]
public sealed class DestinationRefusalTests : IAsyncLifetime
{
    private const string Time = "2025-10-14T02:58:59.323405308Z";
    private const int Messages = 3;

    private static readonly Dictionary<string, S3Refusal> Refusals = new()
    {
        ["acl"] = S3Refusal.Of("AccessControlListNotSupported", "The bucket does not allow ACLs"),
        ["unimplemented"] = S3Refusal.Of("NotImplemented", "A header you provided implies functionality that is not implemented") with
        {
            Details = [new("Header", "If-None-Match")],
        },
        ["kms"] = S3Refusal.Of("KMS.NotFoundException", "Invalid keyId 'alias/gone'"),
        ["encryption"] = S3Refusal.Of("InvalidArgument", "The encryption method specified is not supported") with
        {
            Details = [new("ArgumentName", "x-amz-server-side-encryption"), new("ArgumentValue", "aws:kms")],
        },
        ["tags"] = S3Refusal.Of("InvalidArgument", "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.") with
        {
            Details = [new("ArgumentName", "x-amz-tagging")],
        },
        ["objectlock"] = S3Refusal.Of("InvalidRequest", "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters"),
        ["storageclass"] = S3Refusal.Of("InvalidStorageClass", "The storage class you specified is not valid"),
        ["expired"] = S3Refusal.Of("ExpiredToken", "The provided token has expired."),
    };

    private TestBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = (await TestBed.CreateAsync([.. Refusals.Keys])).With(("S3:HoldDelay", "00:00:01"));
        foreach (var (name, refusal) in Refusals)
        {
            bed.ProxyOf(name).Refusal = refusal;
        }
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Each_refusal_of_a_destinations_settings_holds_its_messages_until_it_is_fixed_and_then_writes_them()
    {
        var queue = bed.ReadQueue;
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        using var readiness = Readiness.Of(worker);
        var broker = bed.Broker;
        await readiness.ReadAsync(); // while every destination is available: the health check asks each endpoint
        foreach (var (name, number) in Refusals.Keys.SelectMany(name => Enumerable.Range(0, Messages).Select(number => (name, number))))
        {
            await broker.PublishRawAsync(queue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = name }, messageId: $"{name}-{number}");
        }

        await readiness.WaitForAsync(
            (_, report) => Refusals.All(refusal => Readiness.Field(report, $"s3:{refusal.Key}", "code") == refusal.Value.Code),
            "every destination unavailable with its refusal's code");
        foreach (var name in Refusals.Keys)
        {
            await broker.WaitForCountAsync(HoldingQueues.Name(queue, name), count => count > 0, $"{name}'s messages held");
        }

        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
        Assert.All(Proxies.Values, proxy => Assert.Empty(proxy.Written));

        // The health check asked each destination's endpoint as the worker does, saying who asks.
        Assert.All(Proxies.Values, proxy => Assert.Contains(proxy.Received, request => request == ("HEAD", S3UserAgent.Value)));

        foreach (var proxy in Proxies.Values)
        {
            proxy.Refusal = null;
        }

        await Poll.UntilAsync(
            () => Proxies.All(proxy => Enumerable.Range(0, Messages).All(number => proxy.Value.Written.ContainsKey($"{Time}_{proxy.Key}-{number}.json"))),
            TimeSpan.FromSeconds(60), "every held message written once its destination was fixed",
            seen: () => string.Join(", ", Proxies.Select(proxy => $"{proxy.Key} {proxy.Value.Written.Count}")));
        Assert.Equal(0u, await broker.CountAsync($"{queue}_error"));
        Assert.All(Proxies.Values, proxy => Assert.All(proxy.Written.Values, puts => Assert.Equal(1, puts)));
    }

    private Dictionary<string, S3FaultProxy> Proxies => Refusals.Keys.ToDictionary(name => name, bed.ProxyOf);
}
