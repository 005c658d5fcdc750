using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.EndToEnd;

/// <summary>
/// The built worker with <c>S3CONSUMER_CONFIG</c> naming a file that is rewritten while it runs: destinations added
/// and changed there take effect without a restart, and a version that is not valid is refused while the last good
/// one keeps writing; new credentials end a destination's outage.
/// </summary>
[Collection(RealServices.Name)]
[Trait("Category", "Process")]
public sealed class LiveConfigurationTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ConfigurationFile configFile = new();
    private S3Bucket lake = null!;
    private S3Bucket other = null!;
    private Broker broker = null!;
    private Dictionary<string, string?> settings = null!;

    public async Task InitializeAsync()
    {
        (lake, other, broker) = (await S3Bucket.CreateAsync(), await S3Bucket.CreateAsync(), await Broker.ConnectAsync());
        // A short hold delay: messages held for a wrong key come back soon after the file has the right one.
        settings = WorkerHost.Settings(lake.Name, ("S3CONSUMER_CONFIG", configFile.Path), ("S3:HoldDelay", "00:00:02"));
    }

    public async Task DisposeAsync()
    {
        await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        await broker.DeleteHoldingQueuesAsync(settings["Queues:Read"]!, "crm");
        await broker.DisposeAsync();
        await lake.DisposeAsync();
        await other.DisposeAsync();
        configFile.Delete();
    }

    [Fact]
    public async Task Destinations_added_and_changed_in_the_file_take_effect_and_an_invalid_version_is_refused()
    {
        Write("{}");
        using var worker = await WorkerProcess.StartAsync(settings, settings["Queues:Read"]!);

        Write(Crm(other.Name, "added/"));
        await WaitForOutputAsync(worker, "Destinations reloaded: added [crm], changed [], removed []");
        await PublishAsync("live-1");
        await other.WaitForObjectAsync("added/live-1.json", Patience);

        Write(Crm(lake.Name, "changed/"));
        await WaitForOutputAsync(worker, "Destinations reloaded: added [], changed [crm], removed []");
        await PublishAsync("live-2");
        await lake.WaitForObjectAsync("changed/live-2.json", Patience);

        Write("""{ "Destinations": { "crm": { "Bucket": """);
        await WaitForOutputAsync(worker, $"Configuration file refused, the previous version keeps running: {configFile.Path} is not a valid JSON configuration file");
        Write("""{ "Destinations": { "crm": { "Bucket": "no-region" } } }""");
        await WaitForOutputAsync(worker, "Destinations configuration refused, the previous one keeps running: Destination 'crm': Region is missing");
        await PublishAsync("live-3");
        await lake.WaitForObjectAsync("changed/live-3.json", Patience);

        Assert.Single(worker.Output, line => line.Contains("Configuration file refused", StringComparison.Ordinal));
        Assert.Single(worker.Output, line => line.Contains("Destinations configuration refused", StringComparison.Ordinal));
        Assert.DoesNotContain(await other.KeysAsync(), key => key.StartsWith("changed/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_held_for_a_wrong_access_key_are_all_written_once_the_file_has_the_right_one_without_a_restart()
    {
        const int Count = 100;
        var read = settings["Queues:Read"]!;
        Write(Crm(other.Name, "held/", accessKeyId: "NOT-S3RVER"));
        using var worker = await WorkerProcess.StartAsync(settings, read);
        for (var i = 0; i < Count; i++)
        {
            await PublishAsync($"held-{i}");
        }

        // s3rver answers 403 InvalidAccessKeyId: the destination is unavailable and every message waits in its holding queue.
        await WaitForOutputAsync(worker, "Destination crm is unavailable (InvalidAccessKeyId)");
        await broker.WaitForCountAsync(HoldingQueues.Name(read, "crm"), count => count == Count, $"all {Count} messages held");
        Assert.Equal((0u, 0), (await broker.CountAsync($"{read}_error"), (await other.KeysAsync()).Count));

        Write(Crm(other.Name, "held/"));
        await WaitForOutputAsync(worker, "Destinations reloaded: added [], changed [crm], removed []");
        var written = 0;
        await Poll.UntilAsync(async () => (written = (await other.KeysAsync()).Count) == Count, TimeSpan.FromSeconds(60),
            $"all {Count} held messages written after the fix", seen: () => $"{written} written");

        Assert.Equal(0u, await broker.CountAsync($"{read}_error"));
        Assert.False(worker.HasExited);
    }

    [Theory]
    [InlineData("S3:MaxRetryDelay", "2.00:00:00",
        "S3:MaxRetryDelay is 2.00:00:00; it must be between 00:00:00.0500000 and 1.00:00:00 (at least S3:RetryDelay, and at most Polly's bound for a retry delay).")]
    [InlineData("S3:RetryDelay", "2 days", "Failed to convert configuration value '2 days' at 'S3:RetryDelay' to type 'System.TimeSpan'.")]
    public async Task An_s3_option_polly_or_the_binder_refuses_stops_the_worker_at_start_with_one_line(string key, string value, string problem)
    {
        Write("{}");
        var refused = new Dictionary<string, string?>(settings) { [key] = value };

        using var worker = await WorkerProcess.RunToExitAsync(refused, Patience);

        Assert.NotEqual(0, worker.ExitCode);
        Assert.Equal($"S3Consumer cannot start: {problem}", Assert.Single(worker.Output, line => line.Contains("cannot start", StringComparison.Ordinal)));
    }

    private Task PublishAsync(string messageId) =>
        broker.PublishRawAsync(settings["Queues:Read"]!, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = "crm" }, messageId: messageId);

    private void Write(string json) => configFile.Write(json);

    private static string Crm(string bucket, string prefix, string accessKeyId = TestServices.S3Key) => $$"""
        {
          "Destinations": {
            "crm": {
              "Bucket": "{{bucket}}", "Region": "{{TestServices.Region}}", "ServiceUrl": "{{TestServices.S3Url}}", "ForcePathStyle": true,
              "AccessKeyId": "{{accessKeyId}}", "SecretAccessKey": "{{TestServices.S3Key}}",
              "ObjectKeyTemplate": "join('', ['{{prefix}}', metadata.\"event-id\", '.json'])"
            }
          }
        }
        """;

    private static Task WaitForOutputAsync(WorkerProcess worker, string text) =>
        worker.WaitUntilAsync(() => Task.FromResult(worker.Output.Any(line => line.Contains(text, StringComparison.Ordinal))), Patience,
            $"the worker to log '{text}'");
}
