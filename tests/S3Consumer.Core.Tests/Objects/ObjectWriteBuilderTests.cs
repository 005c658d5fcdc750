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
    public void Operation_time_wins_over_the_timestamp_headers_so_a_publishers_retry_gets_the_same_key()
    {
        var first = Examples.Build(Examples.Read() with { TimestampHeader = "2026-01-02T03:04:05Z", TimestampMsHeader = "1767323045123" });
        var retried = Examples.Build(Examples.Read() with { TimestampHeader = "1767323107" });

        Assert.Equal("2025-10-14T02:58:59.323405308Z_0199e0a8-149d-7ee9-9f50-0514403517f9.json", first.Key);
        Assert.Equal(first.Key, retried.Key);
        Assert.Contains(KeyValuePair.Create("timestamp", "2025-10-14T02:58:59.323405308Z"), first.Metadata);
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05Z", null, "2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z")] // Ampersand today: RFC 3339, whole seconds
    [InlineData("1767323045", null, "2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z")] // older releases: Unix seconds
    [InlineData("1767323045123", null, "2026-01-02T03:04:05.123Z", "2026-01-02T03:04:05.123Z")] // milliseconds
    [InlineData("1767323045.5", null, "2026-01-02T03:04:05.5Z", "2026-01-02T03:04:05.5Z")] // a number of seconds with a fraction
    [InlineData("2026-01-02t04:04:05.25+01:00", null, "2026-01-02t04:04:05.25+01:00", "2026-01-02T03:04:05.25Z")] // RFC 3339 text is kept as sent
    [InlineData("1767323045", "1767323045123", "2026-01-02T03:04:05.123Z", "2026-01-02T03:04:05.123Z")] // timestamp-ms before timestamp
    [InlineData(null, "1767323045123", "2026-01-02T03:04:05.123Z", "2026-01-02T03:04:05.123Z")]
    [InlineData(null, "2026-01-02T03:04:05.123456789Z", "2026-01-02T03:04:05.123456789Z", "2026-01-02T03:04:05.123456789Z")] // as newer Ampersand sends it
    [InlineData(null, "1767323", "1970-01-01T00:29:27.323Z", "1970-01-01T00:29:27.323Z")] // always milliseconds
    public void Without_operation_time_the_timestamp_headers_give_the_time(string? timestamp, string? milliseconds, string metadata, string keyTime)
    {
        var message = Examples.Raw("{\"data\": {\"action\": \"read\"}}") with
        {
            MessageId = "m", TimestampHeader = timestamp, TimestampMsHeader = milliseconds, TransportTimestamp = 1_000_000_000,
        };

        var write = Examples.Build(message);

        Assert.Equal($"{keyTime}_m.json", write.Key);
        Assert.Contains(KeyValuePair.Create("timestamp", metadata), write.Metadata);
    }

    [Fact]
    public void Empty_timestamp_headers_count_as_absent()
    {
        var message = Examples.Raw("{\"data\": {\"action\": \"read\"}}") with
        {
            MessageId = "m", TimestampHeader = "", TimestampMsHeader = "", TransportTimestamp = 1_735_787_045,
        };

        Assert.Equal("2025-01-02T03:04:05Z_m.json", Examples.Build(message).Key);
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
    [InlineData("yesterday", null, UndeliverableReason.BadHeader,
        "Bad header: the 'timestamp' header 'yesterday' is no time: send an RFC 3339 time such as 2025-10-14T02:58:59Z or Unix seconds or milliseconds (1760410739), or leave it out")]
    [InlineData("1e9", null, UndeliverableReason.BadHeader, "Bad header: the 'timestamp' header '1e9' is no time")]
    [InlineData("-99999999999999", null, UndeliverableReason.BadHeader, "Bad header: the 'timestamp' header '-99999999999999' is no time")]
    [InlineData(null, "14/10/2025", UndeliverableReason.WrongType, "Wrong type: $.data.operationTime '14/10/2025' is not an RFC 3339 time")]
    [InlineData(null, null, UndeliverableReason.MissingField,
        "Missing field: the message has no time: set the payload's operationTime, the 'timestamp' header (RFC 3339 or Unix seconds) or the AMQP timestamp property.")]
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
    public void A_bad_timestamp_header_is_not_read_when_the_payload_has_its_time()
    {
        Assert.Equal(
            "2025-10-14T02:58:59.323405308Z_0199e0a8-149d-7ee9-9f50-0514403517f9.json",
            Examples.Build(Examples.Read() with { TimestampHeader = "yesterday", TimestampMsHeader = "soon" }).Key);
    }

    [Fact]
    public void Ampersands_camel_case_headers_give_the_metadata_the_payload_does_not()
    {
        var message = Examples.Raw("{\"action\": \"subscribe\", \"objectName\": \"company\", \"operationTime\": \"2025-04-10T23:22:25.000Z\"}", "subscribe") with
        {
            MessageId = "m",
            ConnectionId = "conn-7",
            MetadataHeaders = new MetadataHeaders("project-h", "installation-h", "operation-h", "object-h"),
        };

        var write = Examples.Build(message);

        Assert.Equal(
            [("projectId", "project-h"), ("installationId", "installation-h"), ("connectionId", "conn-7"), ("destinationId", "lake"),
             ("operationId", "operation-h"), ("objectName", "company"), ("event-id", "m"), ("timestamp", "2025-04-10T23:22:25.000Z"),
             ("topic", "s3consumer-subscribe")],
            write.Metadata.Select(field => (field.Key, field.Value)));
    }

    [Fact]
    public void The_payloads_fields_win_over_the_headers_of_the_same_name()
    {
        var message = Examples.Read() with { MetadataHeaders = new MetadataHeaders("project-h", "installation-h", "operation-h", "object-h") };

        var metadata = Examples.Build(message).Metadata.ToDictionary();

        Assert.Equal(
            ("9482e676-4874-43a4-beea-fa8081d13a07", "085353b1-07f1-4209-b471-7e028c0a68c8", "0199e0a8-149d-7ee9-9f50-0514403517f9", "contacts"),
            (metadata["projectId"], metadata["installationId"], metadata["operationId"], metadata["objectName"]));
    }

    [Theory]
    [InlineData("read-action.json", "read")]
    [InlineData("subscribe-action.json", "subscribe")]
    [InlineData("webhook-read.json", "read")]
    [InlineData("webhook-subscribe.json", "subscribe")]
    public void A_queue_that_takes_both_actions_takes_each_message_by_its_own(string example, string action)
    {
        var message = Examples.Raw(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "examples", example))) with
        {
            QueueAction = null, QueueName = "s3consumer-ingress", MessageId = "m",
        };

        var write = Examples.Build(message);

        Assert.EndsWith("_m.json", write.Key, StringComparison.Ordinal);
        Assert.Contains(KeyValuePair.Create("topic", "s3consumer-ingress"), write.Metadata);
        Assert.Equal(action == "read" ? "contacts" : "company", write.Metadata.Single(field => field.Key == "objectName").Value);
    }

    [Theory]
    [InlineData("{\"action\": \"write\", \"objectName\": \"x\"}", UndeliverableReason.WrongQueue,
        "Wrong queue: action is 'write', but queue 's3consumer-ingress' takes 'read' and 'subscribe' actions only: send those.")]
    [InlineData("{\"objectName\": \"x\"}", UndeliverableReason.MissingField, "Missing field: action is missing: set it to 'read' or 'subscribe'.")]
    public void A_queue_that_takes_both_actions_refuses_any_other(string body, UndeliverableReason reason, string says)
    {
        var message = Examples.Raw(body) with { QueueAction = null, QueueName = "s3consumer-ingress", TimestampHeader = "2026-01-02T03:04:05Z" };

        var error = Assert.Throws<UndeliverableMessageException>(() => Examples.Build(message));

        Assert.Equal((reason, says), (error.Reason, error.Message));
    }

    [Theory]
    [InlineData("{\"projectId\": \"p\", \"connectionId\": \"c\", \"provider\": \"hubspot\"}")] // Ampersand's data object, as its RabbitMQ destination sends it
    [InlineData("{\"destinationName\": \"hooks\", \"url\": \"https://example.com\"}")] // no field of the webhook shape at all
    public void A_notification_has_no_action_and_is_written_as_it_came(string body)
    {
        var message = Examples.Raw(body) with
        {
            QueueAction = null, QueueName = "s3consumer-ingress", NotificationType = "connection.created", EventIdHeader = "n-1",
            TimestampHeader = "2026-01-02T03:04:05Z",
        };

        var write = Examples.Build(message);

        Assert.Equal("2026-01-02T03:04:05Z_n-1.json", write.Key);
        Assert.Equal("{\"data\":" + body + "}", Encoding.UTF8.GetString(ReadAll(write.Content)));
    }

    [Theory]
    [InlineData("{\"data\": {\"action\": \"read\", \"operationTime\": \"2025-10-14T02:58:59Z\", \"n\": 1e400}}", "{\"action\": \"read\", \"operationTime\": \"2025-10-14T02:58:59Z\", \"n\": 1e400}")]
    [InlineData("\uFEFF  {\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"resultInfo\":{\"type\":\"inline\"},\"result\":[]}\n",
        "{\"action\":\"read\",\"operationTime\":\"2025-10-14T02:58:59Z\",\"resultInfo\":{\"type\":\"inline\"},\"result\":[]}")]
    public void With_envelope_none_the_object_is_the_message_itself_byte_for_byte(string body, string written)
    {
        var lake = Examples.Catalog(("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "us-west-2"), ("Destinations:lake:Envelope", "none")).Resolve("lake");
        var message = Examples.Raw(body) with { MessageId = "m" };

        var write = ObjectWriteBuilder.Build(message, ActionMessageReader.Read(message), lake);

        Assert.Equal(written, Encoding.UTF8.GetString(ReadAll(write.Content)));
        Assert.Equal("2025-10-14T02:58:59Z_m.json", write.Key);
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
