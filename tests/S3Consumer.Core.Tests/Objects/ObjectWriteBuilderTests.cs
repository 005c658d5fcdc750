using System.Text;
using System.Text.Json.Nodes;
using S3Consumer.Contracts;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Objects;

public sealed class ObjectWriteBuilderTests
{
    [Theory]
    [InlineData("read-action.json")]
    [InlineData("subscribe-action.json")]
    public void Body_is_the_message_data_with_every_field_and_the_timestamp_text_kept(string example)
    {
        var message = example.StartsWith("read", StringComparison.Ordinal) ? Examples.Read() : Examples.Subscribe();

        var body = ReadAll(Examples.Build(message).Content);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(message.Body.Span), JsonNode.Parse(body)));
        Assert.Contains(
            example.StartsWith("read", StringComparison.Ordinal) ? "\"2025-10-14T02:58:59.323405308Z\"" : "\"2025-04-10T23:22:25.000Z\"",
            Encoding.UTF8.GetString(body),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Envelope_from_a_typed_publisher_is_written_as_its_data_only()
    {
        var members = Encoding.UTF8.GetString(Examples.ReadBody).Trim()[1..^1];
        var envelope = Encoding.UTF8.GetBytes(
            "{\"messageId\":\"m-1\",\"message\":{\"destination\":\"lake\"," + members + "},\"headers\":{}}");
        var message = Examples.Read() with { Body = envelope, IsEnvelope = true };

        var body = ReadAll(Examples.Build(message).Content);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Examples.ReadBody), JsonNode.Parse(body)));
    }

    [Theory]
    [InlineData("{\"data\": {\"action\": \"read\"", UndeliverableReason.MalformedMessage, "The body is not valid JSON")]
    [InlineData("[1, 2]", UndeliverableReason.MalformedMessage, "The message has no 'data' object")]
    [InlineData("{\"payload\": {}}", UndeliverableReason.MalformedMessage, "The message has no 'data' object")]
    [InlineData("{\"data\": \"text\"}", UndeliverableReason.MalformedMessage, "The message has no 'data' object")]
    public void Body_without_a_data_object_is_malformed(string body, UndeliverableReason reason, string says)
    {
        var message = Examples.Read() with { Body = Encoding.UTF8.GetBytes(body) };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal(reason, error.Reason);
        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_action_is_malformed()
    {
        var message = Examples.Read() with { Data = new ReadActionData { OperationTime = "2025-10-14T02:58:59Z" } };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal("data.action is missing: set it to 'read'.", error.Message);
    }

    [Fact]
    public void Action_of_the_other_queue_is_malformed_and_says_where_it_belongs()
    {
        var message = Examples.Subscribe() with { QueueAction = "read", QueueName = "s3consumer-read" };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal(
            "data.action is 'subscribe', but queue 's3consumer-read' takes 'read' actions: send it to the subscribe queue.",
            error.Message);
    }

    [Theory]
    [InlineData(null, "The message names no destination")]
    [InlineData("warehouse", "Destination 'warehouse' is not configured (configured: lake). Fix the name the message carries, or add Destinations:warehouse:Bucket and Region.")]
    public void Unknown_destination_is_refused_with_the_fix(string? destination, string says)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Read() with { Destination = destination }));

        Assert.Equal(UndeliverableReason.UnknownDestination, error.Reason);
        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Destination_names_ignore_case_as_configuration_keys_do()
    {
        Assert.Equal("lake", Examples.Build(Examples.Read("LAKE")).Destination.Name);
    }

    [Fact]
    public void Timestamp_header_wins_over_operation_time()
    {
        var write = Examples.Build(Examples.Read() with { TimestampHeader = "2026-01-02T03:04:05.5Z" });

        Assert.StartsWith("2026-01-02T03:04:05.5Z_", write.Key, StringComparison.Ordinal);
        Assert.Contains(KeyValuePair.Create("timestamp", "2026-01-02T03:04:05.5Z"), write.Metadata);
    }

    [Fact]
    public void Broker_timestamp_is_the_last_resort()
    {
        var message = Examples.Read() with
        {
            Data = new ReadActionData { Action = "read" },
            SentTime = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        };

        Assert.StartsWith("2025-01-02T03:04:05Z_", Examples.Build(message).Key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday", null, "the 'timestamp' header 'yesterday' is not an RFC 3339 time")]
    [InlineData(null, "14/10/2025", "data.operationTime '14/10/2025' is not an RFC 3339 time")]
    [InlineData(null, null, "The message has no time: set data.operationTime or the 'timestamp' header (RFC 3339).")]
    public void Message_without_a_usable_time_is_malformed(string? header, string? operationTime, string says)
    {
        var message = Examples.Read() with
        {
            TimestampHeader = header,
            Data = new ReadActionData { Action = "read", OperationTime = operationTime },
        };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal(UndeliverableReason.MalformedMessage, error.Reason);
        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_message_delivered_twice_gets_the_same_key()
    {
        var lake = Examples.Lake().Resolve("lake");
        var raw = Examples.Read() with { MessageId = null };

        Assert.Equal(ObjectWriteBuilder.Build(raw, lake).Key, ObjectWriteBuilder.Build(raw with { Body = Examples.ReadBody }, lake).Key);
    }

    [Fact]
    public void Key_context_is_the_document_the_template_renders_from()
    {
        var message = Examples.Read() with { ConnectionId = "conn-1" };
        var lake = Examples.Lake("join('/', [metadata.connectionId, time.date, data.result[0].fields.firstname])").Resolve("lake");

        var context = ObjectWriteBuilder.KeyContextOf(message, lake);

        Assert.Equal(ObjectWriteBuilder.Build(message, lake).Key, lake.KeyTemplate.Render(context, lake.Name));
        Assert.Equal(("conn-1", "lake", "2025-10-14", "Maria"), (
            (string?)context["metadata"]!["connectionId"], (string?)context["metadata"]!["destinationId"],
            (string?)context["time"]!["date"], (string?)context["data"]!["result"]![0]!["fields"]!["firstname"]));
    }

    [Fact]
    public void Key_context_of_a_message_that_cannot_be_written_gives_the_same_reason_as_its_write()
    {
        var message = Examples.Read() with { Data = new ReadActionData { Action = "subscribe" } };
        var lake = Examples.Lake().Resolve("lake");

        var context = Assert.Throws<UndeliverableMessageException>(() => ObjectWriteBuilder.KeyContextOf(message, lake));

        Assert.Equal(Assert.Throws<UndeliverableMessageException>(() => ObjectWriteBuilder.Build(message, lake)).Message, context.Message);
    }

    private static byte[] ReadAll(ObjectContent content)
    {
        using var stream = content.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(content.Length, copy.Length);
        return copy.ToArray();
    }
}
