using System.Text.Json;
using System.Text.Json.Nodes;
using S3Consumer.Contracts;

namespace S3Consumer.Contracts.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public void Read_example_round_trips_to_the_same_json() => AssertRoundTrips<ReadActionMessage>("read-action.json");

    [Fact]
    public void Subscribe_example_round_trips_to_the_same_json() => AssertRoundTrips<SubscribeActionMessage>("subscribe-action.json");

    [Fact]
    public void Nanosecond_timestamps_are_kept_as_sent()
    {
        var message = JsonSerializer.Deserialize<ReadActionMessage>(Example("read-action.json"))!;

        Assert.Equal("2025-10-14T02:58:59.323405308Z", message.Data!.OperationTime);
        Assert.Equal("2025-10-14T02:58:55.595861Z", message.Data.InstallationUpdateTime);
        Assert.Contains("\"operationTime\":\"2025-10-14T02:58:59.323405308Z\"", JsonSerializer.Serialize(message), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_of_the_subscribe_example_is_typed()
    {
        var data = JsonSerializer.Deserialize<SubscribeActionMessage>(Example("subscribe-action.json"))!.Data!;
        var record = Assert.Single(data.Result!);

        Assert.Equal(
            ("subscribe", "salesforce", "webhook-demo-group-id", "webhook-demo-group-name", "user-id", "user-name", "company"),
            (data.Action, data.Provider, data.GroupRef, data.GroupName, data.ConsumerRef, data.ConsumerName, data.ObjectName));
        Assert.Equal(("update", "UPDATE"), (record.SubscribeEventType, record.ProviderEventType));
        Assert.Equal(JsonValueKind.Null, record.Fields.GetProperty("annualrevenue").ValueKind);
        Assert.Equal("Acme Corp", record.Raw.GetProperty("Name").GetString());
        Assert.Equal(12041091891110, record.RawEvent.GetProperty("ChangeEventHeader").GetProperty("commitNumber").GetInt64());
        Assert.Null(data.AdditionalFields);
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip_at_every_level()
    {
        const string json = """
            {"destination":"lake","data":{"action":"read","futureField":{"nested":[1,null]},
             "result":[{"fields":{},"newRecordField":"kept"}]}}
            """;

        var message = JsonSerializer.Deserialize<ReadActionMessage>(json)!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(message))));
        Assert.Equal("lake", message.Destination);
    }

    private static void AssertRoundTrips<T>(string example)
    {
        var json = Example(example);

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(json));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), written);
    }

    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name));
}
