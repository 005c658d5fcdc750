using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary>
/// The README's quick start, command by command, from the repository root with the worker's Development settings (as
/// scripts/run.sh runs it): only the bucket and queue names are this test's own. It ends with the object in S3.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
[Trait("Category", "Process")]
public sealed class QuickStartTests
{
    private const string Destination = "ampersandS3Bucket";
    private const string Example = "contracts/examples/read-action.json";

    [Fact]
    public async Task The_quick_starts_commands_in_order_end_with_the_object_and_its_metadata_in_S3()
    {
        await using var bucket = await S3Bucket.CreateAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Health:Port"] = "0",
            ["RabbitMq:Host"] = TestServices.RabbitHost,
            ["Queues:Read"] = $"it-{id}-read",
            ["Queues:Subscribe"] = $"it-{id}-subscribe",
            [$"Destinations:{Destination}:Bucket"] = bucket.Name,
            [$"Destinations:{Destination}:ServiceUrl"] = TestServices.S3Url.ToString(),
        };
        string[] tool = ["--config", "src/S3Consumer.Worker", "--environment", "Development", .. ToolRun.Set(settings.Where(setting => setting.Key.Contains(':', StringComparison.Ordinal)))];
        await using var broker = await Broker.ConnectAsync();
        try
        {
            // 1. scripts/run.sh: the worker with its Development settings.
            using var worker = await WorkerProcess.StartAsync(settings, settings["Queues:Read"]!);

            // 2. s3consumer check
            var check = await ToolRun.RunProcessAsync(Repository.Root, ["check", .. tool]);
            Assert.True(check.ExitCode == 0, check.ToString());

            // 3. s3consumer publish contracts/examples/read-action.json --destination ampersandS3Bucket
            var publish = await ToolRun.RunProcessAsync(Repository.Root, ["publish", Example, "--destination", Destination, .. tool]);
            Assert.True(publish.ExitCode == 0, publish.ToString());

            // 4. key=$(s3consumer render contracts/examples/read-action.json --destination ampersandS3Bucket)
            var render = await ToolRun.RunProcessAsync(Repository.Root, ["render", Example, "--destination", Destination, .. tool]);
            Assert.True(render.ExitCode == 0, render.ToString());
            var key = render.Out.Split('\n')[0];
            Assert.StartsWith("contacts/2025-10-14/", key, StringComparison.Ordinal);

            // 5. curl -sI http://127.0.0.1:4568/s3consumer-dev/$key
            await bucket.WaitForObjectAsync(key);
            using var http = new HttpClient();
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(TestServices.S3Url, $"{bucket.Name}/{key}")));
            Assert.True(head.IsSuccessStatusCode, $"HEAD {key}: {(int)head.StatusCode}");
            Assert.Equal(["contacts"], head.Headers.GetValues("x-amz-meta-objectname"));
            Assert.Equal([key.Split('/')[^1]], head.Headers.GetValues("x-amz-meta-event-id"));
        }
        finally
        {
            await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        }
    }
}
