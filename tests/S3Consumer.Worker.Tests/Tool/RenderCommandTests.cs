using System.Globalization;
using System.Text.Json.Nodes;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary><c>s3consumer render</c>: the source document's four templates give the keys the worker writes.</summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class RenderCommandTests
{
    private const string EventId = "0199e0a8-149d-7ee9-9f50-0514403517f9";

    // The source document's "Custom object key examples", in its order, with the key each gives its read example.
    public static TheoryData<string, string> SourceDocumentTemplates => new()
    {
        { "join('/', [metadata.objectName, metadata.operationId])", "contacts/0199e0a8-149d-7ee9-9f50-0514403517f9" },
        { "join('/', [metadata.objectName, time.date, metadata.\"event-id\"])", $"contacts/2025-10-14/{EventId}" },
        { "join('', [time.rfc3339_nano, '_', metadata.\"event-id\", '.json'])", $"2025-10-14T02:58:59.323405308Z_{EventId}.json" },
        { "join('/', [data.installationId, metadata.operationId])", "085353b1-07f1-4209-b471-7e028c0a68c8/0199e0a8-149d-7ee9-9f50-0514403517f9" },
    };

    private static string ReadExample => Example("read-action.json");

    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    [Theory]
    [MemberData(nameof(SourceDocumentTemplates))]
    public async Task A_template_on_the_command_line_gives_the_key_alone_on_the_first_line(string template, string key)
    {
        var result = await ToolRun.InvokeAsync("render", ReadExample, "--template", template, "--header", $"event-id={EventId}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(key, result.Out.Split('\n')[0]);

        // The source document's templates without metadata."event-id" are warned of, after the key.
        if (template.Contains("operationId", StringComparison.Ordinal))
        {
            Assert.StartsWith($"warning: the template {template} does not read metadata.\"event-id\"", result.Error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("", result.Error);
        }
    }

    [Fact]
    public async Task The_source_documents_templates_give_the_keys_the_worker_writes()
    {
        await using var bucket = await S3Bucket.CreateAsync();
        var templates = SourceDocumentTemplates.Select(row => (string)row[0]).ToList();
        var settings = WorkerHost.Settings(bucket.Name, [.. templates.SelectMany((template, i) =>
            WorkerHost.Destination($"t{i}", bucket.Name).Append(KeyValuePair.Create($"Destinations:t{i}:ObjectKeyTemplate", (string?)template))
                .Select(setting => (setting.Key, setting.Value!)))]);
        await using var broker = await Broker.ConnectAsync();
        var worker = await WorkerHost.StartAsync(settings);
        try
        {
            var rendered = new List<string>();
            for (var i = 0; i < templates.Count; i++)
            {
                var headers = new Dictionary<string, string> { ["destination"] = $"t{i}", ["event-id"] = EventId };
                await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, headers);
                var result = await ToolRun.InvokeAsync(
                    ["render", ReadExample, "--destination", $"t{i}", "--header", $"event-id={EventId}", .. ToolRun.Set(settings)]);
                Assert.True(result.ExitCode == 0, result.ToString());
                rendered.Add(result.Out.Split('\n')[0]);
            }

            foreach (var key in rendered)
            {
                await bucket.WaitForObjectAsync(key);
            }

            Assert.Equal(rendered.Order(), (await bucket.KeysAsync()).Order());
        }
        finally
        {
            // Stopped first: a running worker declares queues deleted under it again.
            await worker.DisposeAsync();
            await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        }
    }

    [Fact]
    public async Task The_worker_configuration_is_read_in_the_workers_order_and_the_file_S3CONSUMER_CONFIG_names_comes_last()
    {
        var file = Path.Combine(Path.GetTempPath(), $"s3consumer-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"Destinations": {"lake": {"ObjectKeyTemplate": "join('/', ['from-file', metadata.objectName])"}}}""");
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["S3CONSUMER_CONFIG"] = file,
                ["Destinations__lake__Bucket"] = "b",
                ["Destinations__lake__Region"] = "us-east-1",
                ["Destinations__lake__ObjectKeyTemplate"] = "'from-environment'",
                ["Queues__Read"] = "queue-from-environment",
            };

            var result = await ToolRun.RunProcessAsync(AppContext.BaseDirectory, environment, "render", ReadExample, "--destination", "lake", "--context");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("from-file/contacts", result.Out.Split('\n')[0]);
            Assert.Equal("queue-from-environment", (string?)JsonNode.Parse(result.Out.Split('\n', 2)[1])!["metadata"]!["topic"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Context_shows_metadata_time_and_data_after_the_key()
    {
        var result = await ToolRun.InvokeAsync(
            "render", ReadExample, "--template", "metadata.objectName", "--header", "connection-id=conn-1", "--header", $"event-id={EventId}", "--context");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', 2);
        Assert.Equal("contacts", lines[0]);
        var context = JsonNode.Parse(lines[1])!;
        Assert.Equal("conn-1", (string?)context["metadata"]!["connectionId"]);
        Assert.Equal("s3consumer-read", (string?)context["metadata"]!["topic"]);
        Assert.Equal("1760410739", (string?)context["time"]!["unix"]);
        Assert.Equal("2025-10-14T02:58:59.323405308Z", (string?)context["time"]!["rfc3339_nano"]);
        Assert.Equal("Maria", (string?)context["data"]!["result"]![0]!["fields"]!["firstname"]);
    }

    [Theory]
    [InlineData("metadata.operationid", "produced null: metadata.operationid is null (did you mean metadata.operationId? names are case-sensitive)")]
    [InlineData("metadata", "not a string")]
    [InlineData("join('/', [", "does not parse")]
    public async Task A_key_that_cannot_be_made_exits_1_with_the_workers_reason(string template, string reason)
    {
        var result = await ToolRun.InvokeAsync("render", ReadExample, "--template", template);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_of_the_wrong_case_exits_1_naming_the_field_meant_and_the_template_is_warned_of()
    {
        const string template = "join('/', [metadata.objectname])";

        var result = await ToolRun.InvokeAsync("render", Example("webhook-read.json"), "--template", template);

        Assert.Equal((1, ""), (result.ExitCode, result.Out));
        Assert.Equal(
            [$"Object key: Destination 'command-line': object key template {template} failed: Error: invalid-type, function join expects an array of string: " +
             "metadata.objectname is null (did you mean metadata.objectName? names are case-sensitive). Fix the template or the message.",
             $"warning: the template {template} does not read metadata.\"event-id\", so two messages may get one key and the later replace the earlier " +
             "(with Overwrite false, be taken for it): the messages of one read share an operationId, as a large read arrives as several messages. " +
             "Use metadata.\"event-id\" in it, e.g. join('/', [metadata.objectName, time.date, metadata.\"event-id\"]).",
             ""],
            result.Error.Split('\n'));
    }

    [Theory]
    [InlineData("webhook-read.json", 0, "contacts/0199e0a8-149d-7ee9-9f50-0514403517f9\n", "")] // Ampersand sends a read's operationId in a header
    [InlineData("webhook-subscribe.json", 1, "",
        "Object key: Destination 'command-line': object key template join('/', [metadata.objectName, metadata.operationId]) failed: Error: invalid-type, " +
        "function join expects an array of string: metadata.operationId is null: this message has none (Ampersand sends operationId with read messages " +
        "only, not with subscribe messages). Fix the template or the message.\n")]
    public async Task The_source_documents_template_by_operation_id_is_warned_of_and_fails_every_subscribe_message(string example, int exitCode, string key, string reason)
    {
        const string template = "join('/', [metadata.objectName, metadata.operationId])";

        string[] headers = exitCode == 0 ? ["--header", "operationId=0199e0a8-149d-7ee9-9f50-0514403517f9"] : [];

        var result = await ToolRun.InvokeAsync(["render", Example(example), "--template", template, .. headers]);

        Assert.Equal((exitCode, key), (result.ExitCode, result.Out));
        Assert.Equal(
            reason + $"warning: the template {template} does not read metadata.\"event-id\", so two messages may get one key and the later replace the " +
            "earlier (with Overwrite false, be taken for it): the messages of one read share an operationId, as a large read arrives as several messages; " +
            "and it reads metadata.operationId, which subscribe messages do not carry, so every subscribe message it gets goes to the error queue. " +
            "Use metadata.\"event-id\" in it, e.g. join('/', [metadata.objectName, time.date, metadata.\"event-id\"]).\n",
            result.Error);
    }

    [Fact]
    public async Task A_destination_that_is_not_configured_exits_1_with_the_workers_reason()
    {
        var result = await ToolRun.InvokeAsync(
            ["render", ReadExample, "--destination", "crm", .. ToolRun.Set(WorkerHost.Destination("lake", "some-bucket"))]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Destination 'crm' is not configured (configured: lake)", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000", null, null, "2025-10-14T02:58:59.323405308Z_{0}.ndjson.zst")]
    [InlineData("1000", "join('/', [batch.partition, batch.count, batch.id])", "metadata.objectName", "contacts/1/{0}")]
    [InlineData("1", null, null, "2025-10-14T02:58:59.323405308Z_{0}.ndjson.zst")] // the message fills its batch alone
    public async Task A_batched_destination_gives_the_key_of_a_batch_that_starts_with_the_message(string maxMessages, string? template, string? partitionBy, string key)
    {
        var settings = Batched(("Destinations:lake:Batch:MaxMessages", maxMessages), ("Destinations:lake:Batch:Compression", "zstd"), ("Destinations:lake:Batch:PartitionBy", partitionBy));
        string[] overrideTemplate = template is null ? [] : ["--template", template];

        var result = await ToolRun.InvokeAsync(
            ["render", ReadExample, "--destination", "lake", "--header", $"event-id={EventId}", .. overrideTemplate, .. ToolRun.Set(settings)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, key, Core.Batches.BatchId.Of([EventId])), result.Out.Split('\n')[0]);
    }

    [Fact]
    public async Task A_partitioned_destination_gives_the_messages_partition_on_the_second_line_and_the_batch_in_the_context()
    {
        var settings = Batched(("Destinations:lake:Batch:MaxMessages", "1000"), ("Destinations:lake:Batch:PartitionBy", "join('/', [join('', ['object=', metadata.objectName]), join('', ['dt=', time.date])])"));

        var result = await ToolRun.InvokeAsync(["render", ReadExample, "--destination", "lake", "--header", $"event-id={EventId}", "--context", .. ToolRun.Set(settings)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', 3);
        var id = Core.Batches.BatchId.Of([EventId]);
        Assert.Equal(($"object=contacts/dt=2025-10-14/2025-10-14T02:58:59.323405308Z_{id}.ndjson.gz", "partition: object=contacts/dt=2025-10-14"), (lines[0], lines[1]));
        var context = JsonNode.Parse(lines[2])!;
        Assert.Equal(("object=contacts/dt=2025-10-14", "1", id, "2025-10-14"), ((string?)context["batch"]!["partition"], (string?)context["batch"]!["count"],
            (string?)context["batch"]!["id"], (string?)context["batch"]!["time"]!["date"]));
        Assert.Equal(("contacts", "Maria"), ((string?)context["metadata"]!["objectName"], (string?)context["data"]!["result"]![0]!["fields"]!["firstname"]));
    }

    [Theory]
    [InlineData("join('/', [metadata.objectName, time.date])", "ObjectKeyTemplate join('/', [metadata.objectName, time.date]) reads metadata.objectName and time.date of each message")]
    [InlineData("join('/', [batch.time.date, batch.first_event_id])", "ObjectKeyTemplate join('/', [batch.time.date, batch.first_event_id]) does not use batch.id")]
    public async Task A_template_tried_for_a_batched_destination_that_the_worker_would_refuse_exits_1_with_its_reason(string template, string reason)
    {
        var result = await ToolRun.InvokeAsync(
            ["render", ReadExample, "--destination", "lake", "--template", template, .. ToolRun.Set(Batched(("Destinations:lake:Batch:MaxMessages", "1000")))]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains($"Destination 'lake' writes batches, and the worker would refuse this template there: {reason}", result.Error, StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Batched(params (string Key, string? Value)[] settings) =>
        WorkerHost.Destination("lake", "some-bucket").Concat(settings.Where(setting => setting.Value is not null).Select(setting => KeyValuePair.Create(setting.Key, setting.Value)));
}
