using System.Text.Json.Nodes;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary><c>s3consumer errors list|redrive</c> on a worker's real error queue, over the worker's connection settings.</summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class ErrorsCommandTests : IAsyncLifetime
{
    private TestBed bed = null!;
    private WorkerHost worker = null!;

    private string ErrorQueue => $"{bed.ReadQueue}_error";

    public async Task InitializeAsync()
    {
        bed = await TestBed.CreateAsync();
        worker = await WorkerHost.StartAsync(bed.Settings);
        await bed.Broker.PublishRawAsync(bed.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "late" }, messageId: "late-1");
        await bed.Broker.WaitForCountAsync(ErrorQueue, count => count == 1, "the message");
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task List_as_json_gives_each_message_with_its_reason_and_leaves_it_in_the_queue()
    {
        var result = await ToolRun.InvokeAsync(["errors", "list", ErrorQueue, "--json", .. ToolRun.Set(bed.Settings)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var message = Assert.Single(JsonNode.Parse(result.Out)!.AsArray())!;
        Assert.Equal(("late-1", "late"), ((string?)message["messageId"], (string?)message["destination"]));
        Assert.StartsWith("Unknown destination: Destination 'late' is not configured", (string?)message["reason"], StringComparison.Ordinal);
        await bed.Broker.WaitForCountAsync(ErrorQueue, count => count == 1, "the message back");
    }

    [Fact]
    public async Task Redrive_moves_the_matching_messages_back_and_one_that_fails_again_returns_with_a_fresh_reason()
    {
        var kept = await ToolRun.InvokeAsync(["errors", "redrive", ErrorQueue, "--reason", "S3 refused", "--json", .. ToolRun.Set(bed.Settings)]);
        var moved = await ToolRun.InvokeAsync(["errors", "redrive", ErrorQueue, "--reason", "not configured", "--json", .. ToolRun.Set(bed.Settings)]);

        Assert.True(kept.ExitCode == 0 && moved.ExitCode == 0, $"{kept}\n{moved}");
        Assert.Equal((1, 0, 1), Counts(kept.Out));
        Assert.Equal((1, 1, 0), Counts(moved.Out));
        Assert.Equal(bed.ReadQueue, (string?)JsonNode.Parse(moved.Out)!["to"]);
        var again = await bed.Broker.TakeAsync(ErrorQueue);
        Assert.StartsWith("Unknown destination: Destination 'late' is not configured", Broker.Header(again, "MT-Fault-Message"), StringComparison.Ordinal);
    }

    private static (int Total, int Moved, int Kept) Counts(string json)
    {
        var result = JsonNode.Parse(json)!;
        return ((int)result["total"]!, (int)result["moved"]!, (int)result["kept"]!);
    }
}
