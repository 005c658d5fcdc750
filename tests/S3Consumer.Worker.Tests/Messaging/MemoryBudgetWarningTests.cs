using System.Globalization;
using S3Consumer.Core.Batches;
using S3Consumer.Worker.Batches;
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
    public void Batches_add_twice_the_buffered_bytes_of_the_worker_however_many_destinations_write_them()
    {
        var budget = new BatchesOptions { MaxBufferedBytes = 64L << 20 };

        Assert.Equal(2L * (64L << 20), MemoryBudgetWarning.BatchBytes([new BatchOptions { MaxMessages = 1000 }, new BatchOptions { MaxMessages = 10 }], budget));
        Assert.Equal(0, MemoryBudgetWarning.BatchBytes([new BatchOptions { MaxBytes = 1L << 30 }], budget)); // batches off
    }

    [Theory]
    [InlineData("0x20000000", "128", null, true)] // a 512 MiB heap limit, 2 x 128 x 128 MiB x 2 = 64 GiB
    [InlineData("0x20000000", "1", null, false)] // 2 x 1 x 1 MiB x 2 = 4 MiB
    [InlineData("0x20000000", "1", "268435456", true)] // 4 MiB, and a batched destination's Batches:MaxBufferedBytes of 256 MiB x 2 = 512 MiB more
    public async Task The_worker_warns_once_at_start_when_the_worst_case_exceeds_its_memory(string heapLimit, string size, string? maxBufferedBytes, bool warns)
    {
        var settings = WorkerHost.Settings("unused-bucket",
            ("DOTNET_GCHeapHardLimit", heapLimit), ("Queues:PrefetchCount", size), ("Queues:ConcurrentMessageLimit", "1"),
            ("Queues:MaxMessageBytes", (long.Parse(size, CultureInfo.InvariantCulture) << 20).ToString(CultureInfo.InvariantCulture)));
        if (maxBufferedBytes is not null)
        {
            settings["Destinations:lake:Batch:MaxMessages"] = "10";
            settings["Batches:MaxBufferedBytes"] = maxBufferedBytes;
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
                maxBufferedBytes is null ? "plus 0 MiB for the batches of 0 destination(s)" : "plus 512 MiB for the batches of 1 destination(s)", line, StringComparison.Ordinal));
        }
        finally
        {
            await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
        }
    }
}
