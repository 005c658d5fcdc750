using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace S3Consumer.Contracts.Tests;

/// <summary>
/// The JSON Schemas in contracts/schemas take the source document's messages (contracts/examples), a message in the
/// webhook shape and what the typed contracts write, and refuse what the worker would send to the error queue.
/// </summary>
public sealed class SchemaTests
{
    private static readonly Dictionary<string, JsonSchema> Schemas = LoadAll();

    [Theory]
    [InlineData("read-action", "read-action.json")]
    [InlineData("subscribe-action", "subscribe-action.json")]
    [InlineData("webhook-action", "webhook-read.json")]
    [InlineData("webhook-action", "webhook-subscribe.json")]
    public void The_source_documents_messages_fit_their_schema(string schema, string example) =>
        AssertValid(schema, Example(example));

    [Fact]
    public void A_subscribe_message_in_the_webhook_shape_fits_the_webhook_schema()
    {
        var body = JsonNode.Parse(Example("subscribe-action.json"))!["data"]!.DeepClone().AsObject();
        body["resultInfo"] = new JsonObject { ["type"] = "url", ["downloadUrl"] = "https://results.example.com/1.json" };

        AssertValid("webhook-action", body.ToJsonString());
    }

    [Fact]
    public void What_the_typed_contracts_write_fits_the_schemas()
    {
        var read = JsonSerializer.Deserialize<ReadActionMessage>(Example("read-action.json"))!;
        var subscribe = JsonSerializer.Deserialize<SubscribeActionMessage>(Example("subscribe-action.json"))!;

        AssertValid("read-action", JsonSerializer.Serialize(new ReadActionMessage { Destination = "crm", Data = read.Data }));
        AssertValid("subscribe-action", JsonSerializer.Serialize(subscribe));
    }

    [Theory]
    [InlineData("read-action", "subscribe-action.json", "a subscribe message on the read queue")]
    [InlineData("subscribe-action", "read-action.json", "a read message on the subscribe queue")]
    [InlineData("webhook-action", "read-action.json", "a {\"data\": ...} body")]
    [InlineData("read-action", "webhook-read.json", "a body in the webhook shape")]
    public void A_message_of_another_shape_does_not_fit(string schema, string example, string why) =>
        Assert.False(Evaluate(schema, Example(example)).IsValid, $"{schema} took {why}.");

    [Theory]
    [InlineData("""{"data": {"action": "read", "result": {"fields": {}}}}""", "result is not a list")]
    [InlineData("""{"data": {"action": "read", "operationTime": "yesterday"}}""", "operationTime is no RFC 3339 time")]
    [InlineData("""{"data": {"action": "read", "objectName": 42}}""", "objectName is no string")]
    [InlineData("""{"data": {"projectId": "p"}}""", "data.action is missing")]
    [InlineData("""{"data": {"action": "read"}, "destination": ""}""", "the destination is empty")]
    public void What_the_worker_refuses_does_not_fit(string body, string why) =>
        Assert.False(Evaluate("read-action", body).IsValid, $"read-action took a message whose {why}.");

    [Fact]
    public void A_url_result_without_its_url_does_not_fit()
    {
        var body = JsonNode.Parse(Example("webhook-read.json"))!.AsObject();
        body["resultInfo"] = new JsonObject { ["type"] = "url" };

        Assert.False(Evaluate("webhook-action", body.ToJsonString()).IsValid);
    }

    private static void AssertValid(string schema, string json)
    {
        var result = Evaluate(schema, json);
        Assert.True(result.IsValid, $"{schema}: {string.Join("; ", Errors(result))}");
    }

    private static EvaluationResults Evaluate(string schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schemas[schema].Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static IEnumerable<string> Errors(EvaluationResults result) =>
        (result.Details ?? []).Where(detail => detail.Errors is not null)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} {error.Key}: {error.Value}"));

    // Each file is registered under its $id, so the schemas' references to each other resolve.
    private static Dictionary<string, JsonSchema> LoadAll()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var schemas = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "schemas"), "*.schema.json")
            .ToDictionary(file => Path.GetFileName(file)[..^".schema.json".Length], file => JsonSchema.FromFile(file, options));
        foreach (var schema in schemas.Values)
        {
            options.SchemaRegistry.Register(schema);
        }

        return schemas;
    }

    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name));
}
