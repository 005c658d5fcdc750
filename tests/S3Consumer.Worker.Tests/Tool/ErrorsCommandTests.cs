using System.Text.Json.Nodes;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary><c>s3consumer errors list|redrive</c> on a worker's real error queue, over the worker's connection settings.</summary>
[Collection(RealServices.Name)]
public sealed class ErrorsCommandTests : IAsyncLifetime
{
    private S3Bucket bucket = null!;
    private Broker broker = null!;
    private WorkerHost worker = null!;
    private Dictionary<string, string?> settings = null!;

    private string ErrorQueue => $"{worker.ReadQueue}_error";

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        broker = await Broker.ConnectAsync();
        settings = WorkerHost.Settings(bucket.Name);
        worker = await WorkerHost.StartAsync(settings);
        await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "late" }, messageId: "late-1");
        await WaitAsync(async () => await broker.CountAsync(ErrorQueue) == 1, $"the message in {ErrorQueue}");
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        await broker.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task List_as_json_gives_each_message_with_its_reason_and_leaves_it_in_the_queue()
    {
        var result = await ToolRun.InvokeAsync(["errors", "list", ErrorQueue, "--json", .. ToolRun.Set(settings)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var message = Assert.Single(JsonNode.Parse(result.Out)!.AsArray())!;
        Assert.Equal(("late-1", "late"), ((string?)message["messageId"], (string?)message["destination"]));
        Assert.StartsWith("Destination 'late' is not configured", (string?)message["reason"], StringComparison.Ordinal);
        await WaitAsync(async () => await broker.CountAsync(ErrorQueue) == 1, $"the message back in {ErrorQueue}");
    }

    [Fact]
    public async Task Redrive_moves_the_matching_messages_back_and_one_that_fails_again_returns_with_a_fresh_reason()
    {
        var kept = await ToolRun.InvokeAsync(["errors", "redrive", ErrorQueue, "--reason", "S3 refused", "--json", .. ToolRun.Set(settings)]);
        var moved = await ToolRun.InvokeAsync(["errors", "redrive", ErrorQueue, "--reason", "not configured", "--json", .. ToolRun.Set(settings)]);

        Assert.True(kept.ExitCode == 0 && moved.ExitCode == 0, $"{kept}\n{moved}");
        Assert.Equal((1, 0, 1), Counts(kept.Out));
        Assert.Equal((1, 1, 0), Counts(moved.Out));
        Assert.Equal(worker.ReadQueue, (string?)JsonNode.Parse(moved.Out)!["to"]);
        var again = await broker.TakeAsync(ErrorQueue);
        Assert.StartsWith("Destination 'late' is not configured", Broker.Header(again, "MT-Fault-Message"), StringComparison.Ordinal);
    }

    private static (int Total, int Moved, int Kept) Counts(string json)
    {
        var result = JsonNode.Parse(json)!;
        return ((int)result["total"]!, (int)result["moved"]!, (int)result["kept"]!);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(100);
        }
    }
}
