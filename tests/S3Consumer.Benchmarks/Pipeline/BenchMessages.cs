using System.Text;
using System.Text.Json.Nodes;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// Read-action messages of an exact size: contracts/examples/read-action.json in compact JSON, its <c>result</c> filled with
/// records of about 1 KB. The worker frames the payload bytes as they are, so each object is byte for byte the message.
/// </summary>
internal static class BenchMessages
{
    /// <summary>The destination every message names in its <c>destination</c> header.</summary>
    public const string Destination = "bench";

    private const string OperationTime = "2025-10-14T02:58:59.323405308Z";
    private const int RecordBytes = 1024;
    private static readonly Dictionary<string, string> Headers = new() { ["destination"] = Destination };
    private static readonly byte[] Padding = [.. Enumerable.Repeat((byte)'x', 2 * RecordBytes)];

    /// <summary>A message body of exactly <paramref name="size"/> bytes.</summary>
    public static byte[] Body(int size)
    {
        var example = JsonNode.Parse(Examples.ReadBody)!;
        if (example["data"]?["operationTime"]?.GetValue<string>() != OperationTime)
        {
            throw new InvalidOperationException($"The example's operationTime is no longer {OperationTime}; update {nameof(BenchMessages)}.");
        }

        example["data"]!["result"] = new JsonArray();
        var text = example.ToJsonString();
        var open = text.LastIndexOf("[]", StringComparison.Ordinal) + 1;
        var (head, tail) = (Encoding.UTF8.GetBytes(text[..open]), Encoding.UTF8.GetBytes(text[open..]));
        var body = new MemoryStream(size);
        body.Write(head);
        for (var (record, left) = (0, size - head.Length - tail.Length); left > 0; record++)
        {
            var length = left < 2 * RecordBytes ? left : RecordBytes;
            var start = Encoding.UTF8.GetBytes($"{(record == 0 ? "" : ",")}{{\"fields\":{{\"id\":\"{record}\",\"note\":\"");
            var pad = length - start.Length - 3;
            ArgumentOutOfRangeException.ThrowIfLessThan(pad, 0, nameof(size));
            body.Write(start);
            body.Write(Padding, 0, pad);
            body.Write("\"}}"u8);
            left -= length;
        }

        body.Write(tail);
        return body.Length == size ? body.GetBuffer() : throw new ArgumentOutOfRangeException(nameof(size), size, "Too small for a message.");
    }

    /// <summary>A queue of the run's own, so that nothing else's messages are in it.</summary>
    public static string NewQueueName() => $"bench-{Guid.NewGuid():N}"[..18];

    /// <summary>Sends a message as a raw publisher would: persistent, with its message id and the <c>destination</c> header.</summary>
    public static Task PublishAsync(Broker broker, string queue, byte[] body, int index) =>
        broker.PublishRawAsync(queue, body, Headers, MessageId(index));

    /// <summary>Declares the queue, publishes <paramref name="count"/> messages and waits until the queue holds them all.</summary>
    public static async Task FillAsync(Broker broker, string queue, int count, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(broker);
        await broker.DeclareQueueAsync(queue);
        for (var i = 0; i < count; i++)
        {
            await PublishAsync(broker, queue, body, i);
        }

        var ready = 0u;
        await Poll.UntilAsync(async () => (ready = await broker.CountAsync(queue)) >= count, Poll.For(count), $"{count:N0} messages in queue {queue}",
            seen: () => $"{ready:N0}");
    }

    public static string MessageId(int index) => $"bench-{index:D7}";

    /// <summary>The object key the worker's default template gives a message: <c>time.rfc3339_nano _ event-id .json</c>.</summary>
    public static string Key(string messageId) => $"{OperationTime}_{messageId}.json";
}
