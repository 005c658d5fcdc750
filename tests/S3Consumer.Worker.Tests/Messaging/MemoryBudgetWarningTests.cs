using System.Globalization;
using S3Consumer.Core.Batches;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Messaging;

[Collection(RealServices.Name)]
[Trait("Category", "Process")]
public sealed class MemoryBudgetWarningTests
{
    [Fact]
    public void The_worst_case_is_both_queues_prefetch_of_the_largest_message_held_twice() =>
        Assert.Equal(2L * 128 * (128L << 20) * 2, MemoryBudgetWarning.WorstCaseBytes(new QueueOptions(), new IngressOptions()));

    [Fact]
    public void An_ingress_queue_adds_its_prefetch() =>
        Assert.Equal(3L * 128 * (128L << 20) * 2, MemoryBudgetWarning.WorstCaseBytes(new QueueOptions(), new IngressOptions { Exchange = "ampersand" }));

    [Fact]
    public void Each_batched_destination_adds_four_copies_of_its_largest_batch() =>
        Assert.Equal(4L * (64L << 20) + 4L * (1L << 20), MemoryBudgetWarning.BatchBytes(
        [
            new BatchOptions { MaxMessages = 1000 }, // 64 MiB by default
            new BatchOptions { MaxMessages = 10, MaxBytes = 1L << 20 },
            new BatchOptions { MaxBytes = 1L << 30 }, // batches off
        ]));

    [Theory]
    [InlineData("0x20000000", "128", null, true)] // a 512 MiB heap limit, 2 x 128 x 128 MiB x 2 = 64 GiB
    [InlineData("0x20000000", "1", null, false)] // 2 x 1 x 1 MiB x 2 = 4 MiB
    [InlineData("0x20000000", "1", "134217728", true)] // 4 MiB, and a batched destination's 128 MiB x 4 = 512 MiB more
    public async Task The_worker_warns_once_at_start_when_the_worst_case_exceeds_its_memory(string heapLimit, string size, string? batchMaxBytes, bool warns)
    {
        var settings = WorkerHost.Settings("unused-bucket",
            ("DOTNET_GCHeapHardLimit", heapLimit), ("Queues:PrefetchCount", size), ("Queues:ConcurrentMessageLimit", "1"),
            ("Queues:MaxMessageBytes", (long.Parse(size, CultureInfo.InvariantCulture) << 20).ToString(CultureInfo.InvariantCulture)));
        if (batchMaxBytes is not null)
        {
            settings["Destinations:lake:Batch:MaxMessages"] = "10";
            settings["Destinations:lake:Batch:MaxBytes"] = batchMaxBytes;
        }

        await using var broker = await Broker.ConnectAsync();
        try
        {
            using var worker = await WorkerProcess.StartAsync(settings, settings["Queues:Read"]!);
            await worker.TerminateAsync();

            var warnings = worker.Output.Where(line => line.Contains("Messages may take up to", StringComparison.Ordinal)).ToList();

            Assert.Equal(warns ? 1 : 0, warnings.Count);
            Assert.All(warnings, line => Assert.Contains("MiB this process may use: lower Queues:PrefetchCount", line, StringComparison.Ordinal));
            Assert.All(warnings, line => Assert.Contains(
                batchMaxBytes is null ? "plus 0 MiB for the batches of 0 destination(s)" : "plus 512 MiB for the batches of 1 destination(s)", line, StringComparison.Ordinal));
        }
        finally
        {
            await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        }
    }
}
