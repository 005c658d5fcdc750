using System.Text;
using System.Text.Json.Nodes;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Tests.Batches;

/// <summary>A batch line holds what the message's single object would: <c>{"data": ...}</c>, or with <c>Envelope: none</c> the message itself.</summary>
public sealed class EnvelopeLinesTests
{
    private const string Data = "{\n    \"action\": \"read\",\r\n    \"operationTime\": \"2025-10-14T02:58:59.323405308Z\",\n    \"n\": 1e400\n  }";
    private const string Wrapped = "{\n  \"data\": " + Data + "\n}\n";
    private const string Webhook = "{\n  \"action\": \"subscribe\",\n  \"objectName\": \"company\",\n  \"operationTime\": \"2025-04-10T23:22:25.000Z\",\n  \"result\": [\n    {\"fields\": {\"id\": \"a\\nb\"}}\n  ]\n}";

    [Fact]
    public void With_envelope_none_each_line_is_the_message_as_sent_on_one_line()
    {
        var lines = LinesOf(("Envelope", "none"));

        Assert.Equal([OnOneLine(Data), OnOneLine(Webhook)], lines);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Data), JsonNode.Parse(lines[0])));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Webhook), JsonNode.Parse(lines[1])));
    }

    [Fact]
    public void By_default_each_line_is_the_data_its_single_object_would_hold()
    {
        var lines = LinesOf();

        Assert.Equal(["{\"data\":" + OnOneLine(Data) + "}", "{\"data\":" + OnOneLine(Webhook) + "}"], lines);
    }

    // Line breaks are whitespace between JSON tokens (a string holds them escaped), so spaces in their place change no value.
    private static string OnOneLine(string json) => json.Replace('\n', ' ').Replace('\r', ' ');

    private static List<string> LinesOf(params (string Key, string Value)[] settings)
    {
        var lake = Batched.Lake([("Batch:Compression", "none"), .. settings]);
        var lines = new[] { (Wrapped, "read"), (Webhook, "subscribe") }.Select(sent =>
        {
            var message = Examples.Raw(Encoding.UTF8.GetBytes(sent.Item1), sent.Item2) with { MessageId = sent.Item2 };
            return ObjectWriteBuilder.BuildBatchLine(message, ActionMessageReader.Read(message), lake);
        });

        using var written = Batched.Close(lake, [.. lines]).Write();
        return [.. Batched.Lines(written).Select(line => Encoding.UTF8.GetString(line))];
    }
}
