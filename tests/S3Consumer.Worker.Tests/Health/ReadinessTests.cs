using System.Net;
using System.Text.Json;

namespace S3Consumer.Worker.Tests.Health;

/// <summary>Readiness follows the broker and S3: it fails while either is down and recovers by itself; liveness stays up.</summary>
[Collection(RealServices.Name)]
[Trait("Category", "Fault")]
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_fails_while_the_broker_or_S3_is_down_and_recovers_afterwards()
    {
        await using var bucket = await S3Bucket.CreateAsync();
        var worker = await WorkerHost.StartAsync(bucket.Name);
        try
        {
            await AssertReadinessFollowsTheServicesAsync(worker);
        }
        finally
        {
            await worker.DisposeAsync();
            await using var broker = await Broker.ConnectAsync();
            await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        }
    }

    private static async Task AssertReadinessFollowsTheServicesAsync(WorkerHost worker)
    {
        using var readiness = Readiness.Of(worker);
        var http = readiness.Http;

        await AssertReadinessBecomesAsync(http, HttpStatusCode.OK);

        await ServicesScript.RunAsync("stop-s3");
        var s3Down = await AssertReadinessBecomesAsync(http, HttpStatusCode.ServiceUnavailable);
        await ServicesScript.RunAsync("start-s3");
        await AssertReadinessBecomesAsync(http, HttpStatusCode.OK);

        await ServicesScript.RunAsync("stop-rabbit");
        var brokerDown = await AssertReadinessBecomesAsync(http, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        await ServicesScript.RunAsync("start-rabbit");
        await AssertReadinessBecomesAsync(http, HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        Assert.Equal("Unhealthy", Check(s3Down, "s3:lake").Status);
        Assert.StartsWith("Its S3 endpoint http://127.0.0.1:", Check(s3Down, "s3:lake").Description, StringComparison.Ordinal);
        Assert.Equal(("Degraded", "Healthy"), (Check(brokerDown, "masstransit-bus").Status, Check(brokerDown, "s3:lake").Status));
        Assert.Equal("Unhealthy", JsonDocument.Parse(brokerDown).RootElement.GetProperty("status").GetString());
    }

    private static (string Status, string Description) Check(string report, string name)
    {
        var check = JsonDocument.Parse(report).RootElement.GetProperty("checks").GetProperty(name);
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!);
    }

    private static async Task<string> AssertReadinessBecomesAsync(HttpClient http, HttpStatusCode expected, TimeSpan? timeout = null)
    {
        var (status, body) = (default(HttpStatusCode), "");
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                (status, body) = (response.StatusCode, await response.Content.ReadAsStringAsync());
                return status == expected;
            },
            timeout ?? TimeSpan.FromSeconds(30), $"readiness {expected}", TimeSpan.FromMilliseconds(250), () => $"{status}: {body}");
        return body;
    }
}
