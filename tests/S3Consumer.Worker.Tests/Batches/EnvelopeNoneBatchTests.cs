using System.Text.Json.Nodes;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>
/// A batched destination with <c>Envelope: none</c> writes each message itself as its NDJSON line, as Ampersand's S3
/// destination writes it as an object: a message sent pretty-printed is on one line, every value as sent.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class EnvelopeNoneBatchTests : IAsyncLifetime
{
    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = await TestBed.CreateAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Every_line_is_the_message_as_sent_on_one_line()
    {
        bed.With(("Destinations:lake:Envelope", "none"), ("Destinations:lake:Batch:MaxMessages", "3"), ("Destinations:lake:Batch:MaxWait", "00:05:00"),
            ("Destinations:lake:Batch:Compression", "gzip"));
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        string[] messages =
        [
            Example("webhook-read.json"), // pretty-printed, as the file is
            Example("webhook-subscribe.json").Replace("\n", "\r\n", StringComparison.Ordinal),
            """{"action":"read","operationTime":"2025-10-14T02:58:59Z","result":[{"fields":{"n":1e400,"text":"a\nb"}}]}""",
        ];
        for (var index = 0; index < messages.Length; index++)
        {
            await bed.Broker.PublishRawAsync(index == 1 ? bed.SubscribeQueue : bed.ReadQueue, Encoding.UTF8.GetBytes(messages[index]),
                new Dictionary<string, string> { ["destination"] = "lake", ["event-id"] = $"none-{index}" });
        }

        var lines = await WaitForLinesAsync(3);

        Assert.Equal(messages.Select(OnOneLine).Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
        Assert.All(lines, line => Assert.Contains(messages, message => JsonNode.DeepEquals(JsonNode.Parse(message), JsonNode.Parse(line))));
    }

    // JSON carries line breaks only between tokens (inside a string they are escaped), and these become spaces.
    private static string OnOneLine(string json) => json.TrimEnd('\n', '\r').Replace('\n', ' ').Replace('\r', ' ');

    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name));

    // The object's lines, read with gzip and split at its newlines: BatchedObject expects the {"data": ...} lines of the default envelope.
    private async Task<List<string>> WaitForLinesAsync(int count)
    {
        List<string> lines = [];
        await Poll.UntilAsync(async () =>
        {
            lines = [];
            foreach (var key in await bed.Bucket.KeysAsync())
            {
                var stored = await bed.Bucket.WaitForObjectAsync(key);
                using var plain = new System.IO.Compression.GZipStream(new MemoryStream(stored.Body), System.IO.Compression.CompressionMode.Decompress);
                using var reader = new StreamReader(plain, Encoding.UTF8);
                lines.AddRange(reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }

            return lines.Count >= count;
        }, TimeSpan.FromSeconds(60), $"{count} lines in bucket {bed.Bucket.Name}", seen: () => $"{lines.Count} line(s)");
        return lines;
    }
}
