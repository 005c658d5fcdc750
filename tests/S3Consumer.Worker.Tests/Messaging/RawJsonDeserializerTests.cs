using System.Runtime.Serialization;
using MassTransit;
using MassTransit.Serialization;
using S3Consumer.Contracts;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Messaging;

public sealed class RawJsonDeserializerTests
{
    private readonly RawJsonDeserializer deserializer = new();

    [Fact]
    public void A_raw_message_reads_its_header_fields_and_leaves_the_records_in_the_body()
    {
        var context = deserializer.Deserialize(new BytesMessageBody(Examples.ReadBody), new DictionarySendHeaders());

        Assert.True(context.TryGetMessage<ReadActionMessage>(out var message));
        var data = Assert.IsType<ReadActionMessage>(message).Data!;
        Assert.Equal(
            ("read", "9482e676-4874-43a4-beea-fa8081d13a07", "contacts", "2025-10-14T02:58:59.323405308Z"),
            (data.Action, data.ProjectId, data.ObjectName, data.OperationTime));
        Assert.Null(data.Result);
        Assert.Null(data.AdditionalFields);
    }

    [Fact]
    public void Fields_the_contract_does_not_name_are_not_read_either()
    {
        var body = "{\"destination\": \"lake\", \"data\": {\"action\": \"read\", \"extra\": {\"rows\": [1, 2, 3]}, \"result\": [{\"fields\": {\"id\": 1}, \"raw\": [], \"more\": 2}]}}"u8.ToArray();

        Assert.True(deserializer.Deserialize(new BytesMessageBody(body), new DictionarySendHeaders()).TryGetMessage<ReadActionMessage>(out var message));

        var read = Assert.IsType<ReadActionMessage>(message);
        Assert.Equal(("lake", "read"), (read.Destination, read.Data!.Action));
        Assert.Null(read.Data.AdditionalFields);
        Assert.Null(read.Data.Result);
    }

    [Theory]
    [InlineData("\"not a list\"", "$.data.result")]
    [InlineData("[{\"fields\": {}}, 7]", "$.data.result")]
    public void Records_that_do_not_fit_the_contract_are_refused(string result, string path)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"data\": {{\"action\": \"read\", \"result\": {result}}}}}");
        var context = deserializer.Deserialize(new BytesMessageBody(body), new DictionarySendHeaders());

        var error = Assert.Throws<SerializationException>(() => context.TryGetMessage<ReadActionMessage>(out _));

        Assert.StartsWith($"The body's {path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subscribe_record_with_an_event_type_that_is_not_text_is_refused()
    {
        var body = "{\"data\": {\"action\": \"subscribe\", \"result\": [{\"subscribeEventType\": 5, \"rawEvent\": {}}]}}"u8.ToArray();
        var context = deserializer.Deserialize(new BytesMessageBody(body), new DictionarySendHeaders());

        var error = Assert.Throws<SerializationException>(() => context.TryGetMessage<SubscribeActionMessage>(out _));

        Assert.StartsWith("The body's $.data.result", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_raw_message_sent_on_is_the_delivered_body_byte_for_byte()
    {
        var body = new BytesMessageBody(Examples.ReadBody);

        var sentOn = deserializer.Deserialize(body, new DictionarySendHeaders()).GetMessageSerializer().GetMessageBody<ReadActionMessage>(null!);

        Assert.Equal(Examples.ReadBody, sentOn.GetBytes());
    }

    [Fact]
    public void A_body_that_is_not_json_is_refused_with_what_to_send()
    {
        var error = Assert.Throws<SerializationException>(() =>
            deserializer.Deserialize(new StringMessageBody("{\"data\": {\"action\": \"read\","), new DictionarySendHeaders()));

        Assert.StartsWith("The body is not valid JSON (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Send the message as UTF-8 JSON: {\"data\": {...}}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_field_of_the_wrong_type_is_refused_with_its_path()
    {
        var context = deserializer.Deserialize(
            new BytesMessageBody(Encoding.UTF8.GetBytes("{\"data\": {\"action\": \"read\", \"projectId\": 7}}")), new DictionarySendHeaders());

        var error = Assert.Throws<SerializationException>(() => context.TryGetMessage<ReadActionMessage>(out _));

        Assert.Equal(
            "The body's $.data.projectId has the wrong type: send ids, names, times and event types as JSON strings, 'data' and each record as objects, and 'result' as a list.",
            error.Message);
    }

    [Fact]
    public void An_empty_body_reads_as_an_empty_message()
    {
        var context = deserializer.Deserialize(new BytesMessageBody([]), new DictionarySendHeaders());

        Assert.True(context.TryGetMessage<ReadActionMessage>(out var message));
        Assert.Null(Assert.IsType<ReadActionMessage>(message).Data);
    }
}
