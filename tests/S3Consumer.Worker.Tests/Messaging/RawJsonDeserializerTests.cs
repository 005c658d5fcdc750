using MassTransit;
using MassTransit.Serialization;
using S3Consumer.Contracts;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Messaging;

public sealed class RawJsonDeserializerTests
{
    private readonly RawJsonDeserializer deserializer = new();

    [Fact]
    public void A_raw_message_reaches_the_consumer_as_the_delivered_bytes_and_as_nothing_else()
    {
        var context = deserializer.Deserialize(new BytesMessageBody(Examples.ReadBody), new DictionarySendHeaders());

        Assert.True(context.TryGetMessage<RawJsonMessage>(out var message));
        Assert.Equal(Examples.ReadBody, message!.Json.ToArray());
        Assert.False(context.TryGetMessage<ReadActionMessage>(out _));
        Assert.Equal([MessageUrn.ForTypeString<RawJsonMessage>()], context.SupportedMessageTypes);
    }

    [Fact]
    public void A_body_that_is_not_json_still_reaches_the_consumer_which_gives_the_reason()
    {
        var context = deserializer.Deserialize(new StringMessageBody("{\"data\": {\"action\": \"read\","), new DictionarySendHeaders());

        Assert.True(context.TryGetMessage<RawJsonMessage>(out _));
    }

    [Fact]
    public void A_raw_message_sent_on_is_the_delivered_body_byte_for_byte()
    {
        var body = new BytesMessageBody(Examples.ReadBody);

        var sentOn = deserializer.Deserialize(body, new DictionarySendHeaders()).GetMessageSerializer().GetMessageBody<ReadActionMessage>(null!);

        Assert.Equal(Examples.ReadBody, sentOn.GetBytes());
    }
}
