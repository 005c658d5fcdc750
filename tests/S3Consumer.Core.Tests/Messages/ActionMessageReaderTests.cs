using System.Text;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Messages;

public sealed class ActionMessageReaderTests
{
    [Fact]
    public void A_wrapped_message_gives_its_data_bytes_exactly_and_its_fields()
    {
        const string data = "{ \"action\" : \"read\", \"projectId\": \"p-1\", \"n\": 1e400, \"s\": \"\\u00e9\\ud83d\\ude00\" }";

        var read = Read($"{{\"destination\": \"lake\", \"data\": {data} }}");

        Assert.Equal((MessageShape.Wrapped, "lake", "read", "p-1"), (read.Shape, read.Destination, read.Fields.Action, read.Fields.ProjectId));
        Assert.Equal(data, Encoding.UTF8.GetString(read.Payload.Span));
    }

    [Fact]
    public void A_webhook_shaped_body_is_its_own_payload_and_feeds_the_fields()
    {
        const string body = "{\"action\": \"subscribe\", \"projectId\": \"p\", \"provider\": \"salesforce\", \"groupRef\": \"g\", \"groupName\": \"G\", " +
                            "\"installationId\": \"i\", \"objectName\": \"account\", \"resultInfo\": {\"type\": \"url\", \"downloadUrl\": \"https://h/x\", \"size\": 3}, \"result\": []}";

        var read = Read("\n " + body + " \n");

        Assert.Equal(MessageShape.Webhook, read.Shape);
        Assert.Equal(body, Encoding.UTF8.GetString(read.Payload.Span));
        Assert.Equal(
            new ActionFields { Action = "subscribe", ProjectId = "p", Provider = "salesforce", InstallationId = "i", ObjectName = "account", ResultType = "url", DownloadUrl = "https://h/x" },
            read.Fields);
    }

    [Theory]
    [InlineData("{\"data\": {\"action\": \"read\"}, \"Data\": {\"action\": \"read\"}}", "Ambiguous message: The body gives 'data' twice ('data' and 'Data')")]
    [InlineData("{\"data\": {\"action\": \"read\"}, \"data\": {\"action\": \"read\"}}", "Ambiguous message: The body gives 'data' twice ('data' and 'data')")]
    [InlineData("{\"data\": {\"action\": \"read\", \"Action\": \"subscribe\"}}", "Ambiguous message: $.data gives 'action' twice ('action' and 'Action')")]
    [InlineData("{\"destination\": \"a\", \"destination\": \"b\", \"data\": {}}", "Ambiguous message: The body gives 'destination' twice")]
    public void A_name_given_twice_is_ambiguous(string body, string says) =>
        Assert.StartsWith(says, Refused(body, UndeliverableReason.AmbiguousMessage), StringComparison.Ordinal);

    [Theory]
    [InlineData("{\"data\": {\"projectId\": 7}}", "Wrong type: $.data.projectId is a number; send ids, names, times and event types as JSON strings.")]
    [InlineData("{\"data\": {\"result\": {\"fields\": {}}}}", "Wrong type: $.data.result is an object; send the records as a JSON list")]
    [InlineData("{\"data\": {\"result\": [{\"fields\": {}}, 7]}}", "Wrong type: $.data.result[1] is a number; each record is a JSON object")]
    [InlineData("{\"data\": {\"result\": [{\"subscribeEventType\": true}]}}", "Wrong type: $.data.result[0].subscribeEventType is a boolean")]
    [InlineData("{\"action\": \"read\", \"resultInfo\": \"url\"}", "Wrong type: $.resultInfo is a string")]
    [InlineData("{\"destination\": 5, \"data\": {}}", "Wrong type: $.destination is a number")]
    public void A_field_of_the_wrong_type_is_refused_with_its_path(string body, string says) =>
        Assert.StartsWith(says, Refused(body, UndeliverableReason.WrongType), StringComparison.Ordinal);

    [Fact]
    public void Nesting_up_to_the_limit_is_read_and_one_level_more_is_refused()
    {
        static string Nested(int levels) => "{\"data\": {\"action\": \"read\", \"deep\": " + new string('[', levels - 2) + new string(']', levels - 2) + "}}";

        Assert.Equal(ActionMessageReader.MaxDepth, 512);
        Assert.Equal("read", Read(Nested(ActionMessageReader.MaxDepth)).Fields.Action);
        Assert.StartsWith(
            "Invalid JSON: the body nests objects and lists more than 512 levels deep",
            Refused(Nested(ActionMessageReader.MaxDepth + 1), UndeliverableReason.InvalidJson),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_with_where()
    {
        var body = Encoding.UTF8.GetBytes("{\"data\": {\"action\": \"r\u00e9ad\"}}");
        var bad = Array.IndexOf(body, (byte)0xC3);
        body[bad] = 0xFF;

        var error = Assert.Throws<UndeliverableMessageException>(() => ActionMessageReader.Read(Examples.Raw(body)));

        Assert.Equal(UndeliverableReason.InvalidJson, error.Reason);
        Assert.StartsWith($"Invalid JSON: the body is not UTF-8 text (byte {bad + 1} of {body.Length}, 0xFF, starts no UTF-8 character).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"data\": {}} x")]
    [InlineData("{\"data\": {},}")]
    [InlineData("{'data': {}}")]
    [InlineData("{\"data\": {\"a\": NaN}}")]
    public void Text_that_is_not_one_json_document_is_invalid_json(string body) =>
        Assert.StartsWith("Invalid JSON: the body is not JSON near line 1, byte ", Refused(body, UndeliverableReason.InvalidJson), StringComparison.Ordinal);

    [Fact]
    public void A_byte_order_mark_is_ignored_and_not_written()
    {
        var read = ActionMessageReader.Read(Examples.Raw([0xEF, 0xBB, 0xBF, .. "{\"data\": {\"action\": \"read\"}}"u8]));

        Assert.Equal("{\"action\": \"read\"}", Encoding.UTF8.GetString(read.Payload.Span));
    }

    [Fact]
    public void A_reason_quotes_at_most_a_bounded_part_of_the_message()
    {
        var error = Refused($"{{\"data\": {{\"action\": \"{new string('x', 100_000)}\"}}}}", UndeliverableReason.WrongQueue, build: true);

        Assert.True(error.Length < 400, error);
        Assert.Contains("… (99,900 more characters)", error, StringComparison.Ordinal);
    }

    private static ActionMessage Read(string body) => ActionMessageReader.Read(Examples.Raw(body));

    private static string Refused(string body, UndeliverableReason reason, bool build = false)
    {
        var error = Assert.Throws<UndeliverableMessageException>(() => _ = build ? Examples.Build(Examples.Raw(body)) : (object)Read(body));
        Assert.Equal(reason, error.Reason);
        return error.Message;
    }
}
