using System.Text.Json.Nodes;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary><c>s3consumer errors list|redrive</c> on a worker's real error queue, over the worker's connection settings.</summary>
[Collection(RealServices.Name)]
public sealed class ErrorsCommandTests : IAsyncLifetime
{
    private RunningWorker running = null!;

    private string ErrorQueue => $"{running.Worker.ReadQueue}_error";

    public async Task InitializeAsync()
    {
        running = await RunningWorker.StartAsync();
        await running.Broker.PublishRawAsync(running.Worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "late" }, messageId: "late-1");
        await RunningWorker.WaitAsync(async () => await running.Broker.CountAsync(ErrorQueue) == 1, $"the message in {ErrorQueue}");
    }

    public async Task DisposeAsync() => await running.DisposeAsync();

    [Fact]
    public async Task List_as_json_gives_each_message_with_its_reason_and_leaves_it_in_the_queue()
    {
        var result = await ToolRun.InvokeAsync(["errors", "list", ErrorQueue, "--json", .. ToolRun.Set(running.Settings)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var message = Assert.Single(JsonNode.Parse(result.Out)!.AsArray())!;
        Assert.Equal(("late-1", "late"), ((string?)message["messageId"], (string?)message["destination"]));
        Assert.StartsWith("Unknown destination: Destination 'late' is not configured", (string?)message["reason"], StringComparison.Ordinal);
        await RunningWorker.WaitAsync(async () => await running.Broker.CountAsync(ErrorQueue) == 1, $"the message back in {ErrorQueue}");
    }

    [Fact]
    public async Task Redrive_moves_the_matching_messages_back_and_one_that_fails_again_returns_with_a_fresh_reason()
    {
        var kept = await ToolRun.InvokeAsync(["errors", "redrive", ErrorQueue, "--reason", "S3 refused", "--json", .. ToolRun.Set(running.Settings)]);
        var moved = await ToolRun.InvokeAsync(["errors", "redrive", ErrorQueue, "--reason", "not configured", "--json", .. ToolRun.Set(running.Settings)]);

        Assert.True(kept.ExitCode == 0 && moved.ExitCode == 0, $"{kept}\n{moved}");
        Assert.Equal((1, 0, 1), Counts(kept.Out));
        Assert.Equal((1, 1, 0), Counts(moved.Out));
        Assert.Equal(running.Worker.ReadQueue, (string?)JsonNode.Parse(moved.Out)!["to"]);
        var again = await running.Broker.TakeAsync(ErrorQueue);
        Assert.StartsWith("Unknown destination: Destination 'late' is not configured", Broker.Header(again, "MT-Fault-Message"), StringComparison.Ordinal);
    }

    private static (int Total, int Moved, int Kept) Counts(string json)
    {
        var result = JsonNode.Parse(json)!;
        return ((int)result["total"]!, (int)result["moved"]!, (int)result["kept"]!);
    }
}
