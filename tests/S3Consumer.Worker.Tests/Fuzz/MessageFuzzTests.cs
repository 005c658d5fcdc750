using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CsCheck;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;
using Xunit.Abstractions;

namespace S3Consumer.Worker.Tests.Fuzz;

/// <summary>
/// Generated messages, valid in every legal variation or mutated: each must end as README.md's rules say, written with
/// the body bytes it was sent with, or parked with a reason of the category its fault has. 10,000 go through the
/// worker's reading, routing and building code in this process; 1,000 through the built worker, RabbitMQ and the S3 server.
/// </summary>
[Collection(RealServices.Name)]
public sealed class MessageFuzzTests(ITestOutputHelper output)
{
    private const string SeedVariable = "CsCheck_Seed";

    [Fact]
    public void Ten_thousand_messages_are_each_written_as_sent_or_refused_with_their_category()
    {
        using var services = ConfiguredServices.From(("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "us-west-2"))
            .AddLogging().AddDestinations().AddMessageRouting().BuildServiceProvider();
        var (router, destinations) = (services.GetRequiredService<DestinationRouter>(), services.GetRequiredService<DestinationCatalog>());
        var outcomes = new ConcurrentDictionary<string, int>();

        FuzzMessages.Any.Sample(message =>
        {
            var inbound = ConsumeContextReader.Create("read", "s3consumer-read", message.Body, name => message.Headers.GetValueOrDefault(name), "m-1", message.AmqpTimestamp);
            try
            {
                // As the worker takes a message: read it, route it, resolve its destination, build its object.
                var read = ActionMessageReader.Read(inbound);
                var destination = destinations.Resolve(router.Route(new RoutingFacts(
                    inbound.QueueAction, inbound.DestinationHeader, read.Destination, read.Fields.ObjectName, read.Fields.Provider)));
                AssertWrittenAsSent(message, Framed(ObjectWriteBuilder.Build(inbound, read, destination).Content));
                outcomes.AddOrUpdate($"written ({message.Variation})", 1, (_, count) => count + 1);
            }
            catch (UndeliverableMessageException error)
            {
                AssertParkedWithItsCategory(message, error.Message);
                outcomes.AddOrUpdate($"parked: {Category(error.Message)} ({message.Variation})", 1, (_, count) => count + 1);
            }
        }, iter: 10_000, seed: null, print: message => message.ToString());

        Print(outcomes);
        Assert.Equal(10_000, outcomes.Values.Sum());
    }

    [Fact]
    [Trait("Category", "Process")]
    public async Task A_thousand_messages_through_the_worker_process_are_each_written_once_or_parked_once_and_the_queues_drain()
    {
        const int Count = 1_000;
        // A seed given in CsCheck_Seed replays a run; each run prints the one it used.
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given ? given : new PCG((uint)Random.Shared.Next(), (ulong)Random.Shared.NextInt64()).ToString();
        output.WriteLine($"{SeedVariable}={seed}");
        var messages = FuzzMessages.Any.Array[Count].Generate(PCG.Parse(seed), null, out _);
        await using var bed = (await TestBed.CreateAsync()).With(("Destinations:lake:ObjectKeyTemplate", "metadata.\"event-id\""), ("Logging:LogLevel:Default", "Warning"));
        using var worker = await WorkerProcess.StartAsync(bed.Settings, bed.ReadQueue);
        for (var i = 0; i < Count; i++)
        {
            var headers = new Dictionary<string, object?>(messages[i].Headers) { ["event-id"] = Encoding.UTF8.GetBytes(Id(i)) };
            await bed.Broker.PublishAsync(bed.ReadQueue, messages[i].Body, headers, messageId: Id(i),
                timestamp: messages[i].AmqpTimestamp is { } sent ? new RabbitMQ.Client.AmqpTimestamp(sent) : null);
        }

        var (written, parked) = await WaitForEveryOutcomeAsync(worker, bed, Count);

        // By event-id: each written once or parked once, never both, none missing.
        var writtenIds = written.Select(Number).ToList();
        var parkedIds = parked.Select(message => Number(message.BasicProperties.MessageId!)).ToList();
        Assert.Equal(Enumerable.Range(0, Count), writtenIds.Concat(parkedIds).Order());
        var outcomes = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(writtenIds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (number, cancel) =>
        {
            var stored = await bed.Bucket.WaitForObjectAsync(Id(number));
            AssertWrittenAsSent(messages[number], stored.Body);
            outcomes.AddOrUpdate($"written ({messages[number].Variation})", 1, (_, count) => count + 1);
        });

        foreach (var failed in parked)
        {
            var message = messages[Number(failed.BasicProperties.MessageId!)];
            var reason = Broker.Header(failed, "MT-Fault-Message");
            Assert.Equal(message.Body, failed.Body.ToArray());
            AssertParkedWithItsCategory(message, reason);
            outcomes.AddOrUpdate($"parked: {Category(reason)} ({message.Variation})", 1, (_, count) => count + 1);
        }

        Print(outcomes);
        Assert.Equal(0u, await bed.Broker.CountAsync(bed.ReadQueue));
        Assert.False(worker.HasExited, "The worker exited while taking the messages.");
    }

    private static string Id(int number) => $"fz-{number}";

    private static int Number(string id) => int.Parse(id["fz-".Length..], CultureInfo.InvariantCulture);

    /// <summary>Waits until the objects and the error queue hold every message between them, then takes the parked ones.</summary>
    private static async Task<(IReadOnlyList<string> Written, IReadOnlyList<RabbitMQ.Client.BasicGetResult> Parked)> WaitForEveryOutcomeAsync(
        WorkerProcess worker, TestBed bed, int count)
    {
        IReadOnlyList<string> keys = [];
        var parked = 0u;
        await worker.WaitUntilAsync(
            async () => (keys = await bed.Bucket.KeysAsync()).Count + (parked = await bed.Broker.CountAsync($"{bed.ReadQueue}_error")) >= count,
            TimeSpan.FromSeconds(90), $"each of {count} messages written or parked", TimeSpan.FromMilliseconds(250),
            () => $"{keys.Count} written and {parked} parked");
        await bed.Broker.WaitUntilEmptyAsync(bed.ReadQueue);
        return (await bed.Bucket.KeysAsync(), await bed.Broker.TakeAllAsync($"{bed.ReadQueue}_error"));
    }

    // Written: the object holds exactly the payload, framed; for a valid message that is the payload it was built with.
    private static void AssertWrittenAsSent(FuzzMessage message, byte[] stored)
    {
        Assert.True(message.Payload is not null, $"Written, though it must be parked ({message.Refused}): {message}");
        Assert.True(stored.AsSpan().StartsWith("{\"data\":"u8) && stored[^1] == (byte)'}', message.ToString());
        Assert.True(stored.AsSpan(8, stored.Length - 9).SequenceEqual(message.Payload), $"Written differently from the payload sent: {message}");
        using var parsed = JsonDocument.Parse(stored, new JsonDocumentOptions { MaxDepth = 1024 });
        Assert.Equal(JsonValueKind.Object, parsed.RootElement.GetProperty("data").ValueKind);
    }

    private static void AssertParkedWithItsCategory(FuzzMessage message, string reason)
    {
        Assert.True(message.Refused is not null, $"A valid message was refused ({reason}): {message}");
        Assert.True(reason.StartsWith(message.Refused + ": ", StringComparison.Ordinal), $"Refused as '{reason}', where README.md's rules say '{message.Refused}': {message}");
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
