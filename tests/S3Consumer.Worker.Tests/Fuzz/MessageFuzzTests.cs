using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Messages;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Fuzz;

/// <summary>
/// Generated messages, valid in every legal variation or mutated: each is written with the body bytes it was sent
/// with, or parked with a reason that starts with its category. 10,000 go through the worker's reading and building
/// code in this process; 1,000 through the built worker, RabbitMQ and the S3 server.
/// </summary>
[Collection(RealServices.Name)]
public sealed class MessageFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Categories = Enum.GetValues<UndeliverableReason>().Select(UndeliverableReasons.Prefix).ToArray();

    [Fact]
    public void Ten_thousand_messages_are_each_written_as_sent_or_refused_with_a_category()
    {
        using var services = ConfiguredServices.From(("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "us-west-2"))
            .AddLogging().AddDestinations().BuildServiceProvider();
        var destination = services.GetRequiredService<DestinationCatalog>();
        var outcomes = new ConcurrentDictionary<string, int>();

        FuzzMessages.Any.Sample(message =>
        {
            var inbound = ConsumeContextReader.Create("read", "s3consumer-read", message.Body, name => message.Headers.GetValueOrDefault(name), "m-1", message.AmqpTimestamp);
            try
            {
                var read = ActionMessageReader.Read(inbound);
                var write = ObjectWriteBuilder.Build(inbound, read, destination.Resolve(inbound.DestinationHeader ?? read.Destination));
                AssertWrittenAsSent(message, Framed(write.Content));
                outcomes.AddOrUpdate($"written ({message.Variation})", 1, (_, count) => count + 1);
            }
            catch (UndeliverableMessageException error)
            {
                AssertParkedWithCategory(message, error.Message);
                outcomes.AddOrUpdate($"parked: {Category(error.Message)} ({message.Variation})", 1, (_, count) => count + 1);
            }
        }, iter: 10_000, seed: null, print: message => message.ToString());

        Print(outcomes);
        Assert.Equal(10_000, outcomes.Values.Sum());
    }

    [Fact]
    [Trait("Category", "Process")]
    public async Task A_thousand_messages_through_the_worker_process_are_each_written_or_parked_and_the_queues_drain()
    {
        const int Count = 1_000;
        var messages = FuzzMessages.Any.Array[Count].Single();
        await using var bucket = await S3Bucket.CreateAsync();
        await using var broker = await Broker.ConnectAsync();
        var settings = WorkerHost.Settings(bucket.Name, ("Destinations:lake:ObjectKeyTemplate", "metadata.\"event-id\""), ("Logging:LogLevel:Default", "Warning"));
        var (read, subscribe) = (settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        try
        {
            using var worker = await WorkerProcess.StartAsync(settings, read);
            for (var i = 0; i < Count; i++)
            {
                var headers = new Dictionary<string, object?>(messages[i].Headers) { ["event-id"] = Encoding.UTF8.GetBytes($"fz-{i}") };
                await broker.PublishAsync(read, messages[i].Body, headers, messageId: $"fz-{i}",
                    timestamp: messages[i].AmqpTimestamp is { } sent ? new RabbitMQ.Client.AmqpTimestamp(sent) : null);
            }

            var keys = await WaitForEveryOutcomeAsync(bucket, broker, read, Count);
            var outcomes = new ConcurrentDictionary<string, int>();
            await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, cancel) =>
            {
                var message = messages[int.Parse(key["fz-".Length..], System.Globalization.CultureInfo.InvariantCulture)];
                var stored = await bucket.WaitForObjectAsync(key);
                AssertWrittenAsSent(message, stored.Body);
                outcomes.AddOrUpdate($"written ({message.Variation})", 1, (_, count) => count + 1);
            });

            for (var parked = Count - keys.Count; parked > 0; parked--)
            {
                var failed = await broker.TakeAsync($"{read}_error");
                var message = messages[int.Parse(failed.BasicProperties.MessageId!["fz-".Length..], System.Globalization.CultureInfo.InvariantCulture)];
                var reason = Broker.Header(failed, "MT-Fault-Message");
                Assert.Equal(message.Body, failed.Body.ToArray());
                AssertParkedWithCategory(message, reason);
                var outcome = $"parked: {Category(reason)} ({message.Variation})";
                outcomes.AddOrUpdate(outcome, 1, (_, count) => count + 1);
            }

            Print(outcomes);
            Assert.Equal((0u, 0u), (await broker.CountAsync(read), await broker.CountAsync($"{read}_error")));
            Assert.False(worker.HasExited, "The worker exited while taking the messages.");
        }
        finally
        {
            await broker.DeleteQueuesAsync(read, subscribe);
        }
    }

    private static async Task<IReadOnlyList<string>> WaitForEveryOutcomeAsync(S3Bucket bucket, Broker broker, string queue, int count)
    {
        IReadOnlyList<string> keys = [];
        var parked = 0u;
        await Poll.UntilAsync(
            async () => (keys = await bucket.KeysAsync()).Count + (parked = await broker.CountAsync($"{queue}_error")) >= count,
            TimeSpan.FromSeconds(90), $"each of {count} messages written or parked", TimeSpan.FromMilliseconds(250),
            () => $"{keys.Count} written and {parked} parked");
        return keys;
    }

    // A message built valid holds exactly its payload; a mutated one that is still written holds bytes of its body, framed.
    private static void AssertWrittenAsSent(FuzzMessage message, byte[] stored)
    {
        Assert.True(stored.AsSpan().StartsWith("{\"data\":"u8) && stored[^1] == (byte)'}', message.ToString());
        var payload = stored.AsSpan(8, stored.Length - 9);
        if (message.Payload is { } expected)
        {
            Assert.True(payload.SequenceEqual(expected), $"Written differently from the payload sent: {message}");
        }
        else
        {
            Assert.True(message.Body.AsSpan().IndexOf(payload) >= 0, $"Written with bytes that are not the body's: {message}");
        }

        using var parsed = JsonDocument.Parse(stored, new JsonDocumentOptions { MaxDepth = 1024 });
        Assert.Equal(JsonValueKind.Object, parsed.RootElement.GetProperty("data").ValueKind);
    }

    private static void AssertParkedWithCategory(FuzzMessage message, string reason)
    {
        Assert.True(message.Payload is null, $"A valid message was refused ({reason}): {message}");
        Assert.True(Categories.Any(category => reason.StartsWith(category + ": ", StringComparison.Ordinal)), $"Uncategorized reason '{reason}' for {message}");
        Assert.True(reason.Length <= 800, $"A reason of {reason.Length} characters: {reason}");
    }

    private static string Category(string reason) => reason[..reason.IndexOf(':', StringComparison.Ordinal)];

    private static byte[] Framed(IObjectBody content)
    {
        using var stream = content.OpenRead();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private void Print(IEnumerable<KeyValuePair<string, int>> outcomes)
    {
        foreach (var (outcome, count) in outcomes.OrderBy(outcome => outcome.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,6}  {outcome}");
        }
    }
}
