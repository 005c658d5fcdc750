using System.Globalization;
using CsCheck;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Tests.Batches;

/// <summary>Whatever messages come, in whatever order and sizes: batches never mix partitions, and the bounds hold.</summary>
public sealed class OpenBatchesProperties
{
    private static readonly string[] ObjectNames = ["contacts", "accounts", "leads", "deals", "notes"];

    private static readonly string[] Names = ["lake", "sea"];

    // Two destinations, each partitioned by object name, with limits small enough to be reached often.
    private static readonly Gen<Limits> Bounds = Gen.Select(Gen.Int[1, 10], Gen.Int[1, 4], Gen.Int[1024, 4096], Gen.Long[500, 20_000], Gen.Int[1, 30],
        (maxMessages, maxOpenPartitions, maxBytes, maxHeldBytes, maxWaiting) => new Limits(maxMessages, maxOpenPartitions, maxBytes, maxHeldBytes, maxWaiting));

    // Each step adds a message (of a destination and object, with what it holds and a payload of some size), probes, or lets time pass.
    private static readonly Gen<Step> Steps = Gen.Select(Gen.Int[0, 1], Gen.Int[0, ObjectNames.Length - 1], Gen.Long[0, 3000], Gen.Int[0, 600], Gen.Int[0, 9],
        (destination, objectName, held, padding, kind) => new Step(destination, ObjectNames[objectName], held, padding, kind));

    [Fact]
    public void No_batch_holds_two_partitions_and_the_bounds_are_passed_by_one_message_at_most()
    {
        Gen.Select(Bounds, Steps.List[1, 80]).Sample((limits, steps) =>
        {
            var catalog = Catalog(limits);
            var destinations = new[] { catalog.Resolve("lake"), catalog.Resolve("sea") };
            var batches = new OpenBatches(limits.MaxHeldBytes, limits.MaxWaiting, catalog.Find);
            var closed = new List<MessageBatch>();
            var added = new List<string>();
            var now = Batched.Start;
            for (var number = 0; number < steps.Count; number++)
            {
                var step = steps[number];
                now = now.AddSeconds(step.Kind == 0 ? 4 : 0.01);
                if (step.Kind == 0)
                {
                    closed.AddRange(batches.TakeDue(now));
                    continue;
                }

                var message = Batched.Message(number, $$"""{"action":"read","pad":"{{new string('p', step.Padding)}}"}""",
                    Batched.Metadata(number) with { ObjectName = step.ObjectName, EventId = $"event-{number}" });
                closed.AddRange(batches.Add(destinations[step.Destination], message, step.Held, now, closeNow: step.Kind == 1));
                added.Add(message.EventId);

                Assert.True(batches.HeldBytes <= limits.MaxHeldBytes || batches.Messages == 1,
                    $"{batches.HeldBytes} bytes held in {batches.Messages} messages, over {limits.MaxHeldBytes}");
                Assert.True(batches.Messages <= limits.MaxWaiting || batches.Messages == 1, $"{batches.Messages} messages waiting, over {limits.MaxWaiting}");
                Assert.InRange(batches.Count, 0, 2 * limits.MaxOpenPartitions);
            }

            closed.AddRange(batches.Stop(now));
            Assert.All(closed, batch =>
            {
                Assert.All(batch.Messages, message => Assert.Equal(batch.Partition, message.Metadata.ObjectName));
                Assert.InRange(batch.Messages.Count, 1, limits.MaxMessages);
            });
            Assert.Equal(added.Order(StringComparer.Ordinal), closed.SelectMany(batch => batch.Messages).Select(message => message.EventId).Order(StringComparer.Ordinal));
            Assert.Equal((0, 0, 0L), (batches.Count, batches.Messages, batches.HeldBytes));
        }, iter: 200);
    }

    private static DestinationCatalog Catalog(Limits limits)
    {
        var invariant = CultureInfo.InvariantCulture;
        return Examples.Catalog([.. Names.SelectMany(name => new[]
        {
            ($"Destinations:{name}:Bucket", name), ($"Destinations:{name}:Region", "us-west-2"),
            ($"Destinations:{name}:Batch:MaxMessages", limits.MaxMessages.ToString(invariant)),
            ($"Destinations:{name}:Batch:MaxOpenPartitions", limits.MaxOpenPartitions.ToString(invariant)),
            ($"Destinations:{name}:Batch:MaxBytes", limits.MaxBytes.ToString(invariant)),
            ($"Destinations:{name}:Batch:MaxWait", "00:00:10"),
            ($"Destinations:{name}:Batch:PartitionBy", "metadata.objectName"),
        })]);
    }

    private sealed record Limits(int MaxMessages, int MaxOpenPartitions, int MaxBytes, long MaxHeldBytes, int MaxWaiting);

    private sealed record Step(int Destination, string ObjectName, long Held, int Padding, int Kind);
}
