using System.Text;
using System.Text.Json.Nodes;
using S3Consumer.Core.Messages;
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

    [Theory]
    [InlineData("{\"data\": {\"action\": \"read\"", UndeliverableReason.InvalidJson, "Invalid JSON: the body is not JSON near line 1, byte ")]
    [InlineData("[1, 2]", UndeliverableReason.WrongType, "Wrong type: $ is a list; send the message as a JSON object")]
    [InlineData("{\"payload\": {}}", UndeliverableReason.MissingField, "Missing field: the message has no 'data' object")]
    [InlineData("{\"data\": \"text\"}", UndeliverableReason.WrongType, "Wrong type: $.data is a string; send the payload as a JSON object")]
    [InlineData("", UndeliverableReason.InvalidJson, "Invalid JSON: the body is empty.")]
    public void Body_without_a_data_object_is_refused_with_its_category(string body, UndeliverableReason reason, string says)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Raw(body)));

        Assert.Equal(reason, error.Reason);
        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_action_is_a_missing_field()
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Raw("{\"data\": {\"operationTime\": \"2025-10-14T02:58:59Z\"}}")));

        Assert.Equal("Missing field: data.action is missing: set it to 'read'.", error.Message);
    }

    [Fact]
    public void Action_of_the_other_queue_says_where_it_belongs()
    {
        var message = Examples.Subscribe() with { QueueAction = "read", QueueName = "s3consumer-read" };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal(
            "Wrong queue: data.action is 'subscribe', but queue 's3consumer-read' takes 'read' actions: send it to the subscribe queue.",
            error.Message);
    }

    [Theory]
    [InlineData(null, "Unknown destination: The message names no destination")]
    [InlineData("warehouse", "Unknown destination: Destination 'warehouse' is not configured (configured: lake). Fix the name the message carries, or add Destinations:warehouse:Bucket and Region.")]
    public void Unknown_destination_is_refused_with_the_fix(string? destination, string says)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(Examples.Read() with { DestinationHeader = destination }));

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

    [Theory]
    [InlineData(1_735_787_045L, "2025-01-02T03:04:05Z")]
    [InlineData(1_735_787_045_123L, "2025-01-02T03:04:05.123Z")]
    [InlineData(99_999_999_999L, "5138-11-16T09:46:39Z")]
    [InlineData(100_000_000_000L, "1973-03-03T09:46:40Z")]
    public void Transport_timestamp_in_seconds_or_milliseconds_is_the_last_resort(long sent, string time)
    {
        var message = Examples.Raw("{\"data\": {\"action\": \"read\"}}") with { TransportTimestamp = sent, MessageId = "m" };

        var write = Examples.Build(message);

        Assert.Equal($"{time}_m.json", write.Key);
        Assert.Contains(KeyValuePair.Create("timestamp", time), write.Metadata);
    }

    [Fact]
    public void Operation_time_wins_over_the_transport_timestamp()
    {
        var write = Examples.Build(Examples.Read() with { TransportTimestamp = 1_735_787_045_123L });

        Assert.StartsWith("2025-10-14T02:58:59.323405308Z_", write.Key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yesterday", null, UndeliverableReason.BadHeader, "Bad header: the 'timestamp' header 'yesterday' is not an RFC 3339 time")]
    [InlineData(null, "14/10/2025", UndeliverableReason.WrongType, "Wrong type: $.data.operationTime '14/10/2025' is not an RFC 3339 time")]
    [InlineData(null, null, UndeliverableReason.MissingField, "Missing field: the message has no time: set the payload's operationTime, the 'timestamp' header (RFC 3339) or the AMQP timestamp property.")]
    public void Message_without_a_usable_time_is_refused(string? header, string? operationTime, UndeliverableReason reason, string says)
    {
        var time = operationTime is null ? "" : $", \"operationTime\": \"{operationTime}\"";
        var message = Examples.Raw($"{{\"data\": {{\"action\": \"read\"{time}}}}}") with { TimestampHeader = header };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal(reason, error.Reason);
        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_the_worker_could_not_read_refuses_the_message()
    {
        var error = Assert.Throws<UndeliverableMessageException>(() =>
            Examples.Build(Examples.Read() with { BadHeader = "the 'topic' header holds a table or a list, not text: send it as a string." }));

        Assert.Equal("Bad header: the 'topic' header holds a table or a list, not text: send it as a string.", error.Message);
    }

    [Fact]
    public void Same_message_delivered_twice_gets_the_same_key()
    {
        var lake = Examples.Lake().Resolve("lake");
        var raw = Examples.Read() with { MessageId = null };
        var again = raw with { Body = Examples.ReadBody };

        Assert.Equal(
            ObjectWriteBuilder.Build(raw, ActionMessageReader.Read(raw), lake).Key,
            ObjectWriteBuilder.Build(again, ActionMessageReader.Read(again), lake).Key);
    }

    [Fact]
    public void Key_context_is_the_document_the_template_renders_from()
    {
        var message = Examples.Read() with { ConnectionId = "conn-1" };
        var lake = Examples.Lake("join('/', [metadata.connectionId, time.date, data.result[0].fields.firstname])").Resolve("lake");

        var read = ActionMessageReader.Read(message);
        var context = ObjectWriteBuilder.KeyContextOf(message, read, lake);

        Assert.Equal(ObjectWriteBuilder.Build(message, read, lake).Key, lake.KeyTemplate.Render(context, lake.Name));
        Assert.Equal(("conn-1", "lake", "2025-10-14", "Maria"), (
            (string?)context["metadata"]!["connectionId"], (string?)context["metadata"]!["destinationId"],
            (string?)context["time"]!["date"], (string?)context["data"]!["result"]![0]!["fields"]!["firstname"]));
    }

    [Fact]
    public void Key_context_of_a_message_that_cannot_be_written_gives_the_same_reason_as_its_write()
    {
        var message = Examples.Read() with { QueueAction = "subscribe" };
        var read = ActionMessageReader.Read(message);
        var lake = Examples.Lake().Resolve("lake");

        var context = Assert.Throws<UndeliverableMessageException>(() => ObjectWriteBuilder.KeyContextOf(message, read, lake));

        Assert.Equal(Assert.Throws<UndeliverableMessageException>(() => ObjectWriteBuilder.Build(message, read, lake)).Message, context.Message);
    }

    private static byte[] ReadAll(IObjectBody content)
    {
        using var stream = content.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(content.Length, copy.Length);
        return copy.ToArray();
    }
}
