using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Messaging;

[Collection(RealServices.Name)]
public sealed class MemoryBudgetWarningTests
{
    [Fact]
    public void The_worst_case_is_both_queues_prefetch_of_the_largest_message_held_twice() =>
        Assert.Equal(2L * 128 * (128L << 20) * 2, MemoryBudgetWarning.WorstCaseBytes(new QueueOptions()));

    [Theory]
    [InlineData("0x20000000", "128", true)] // a 512 MiB heap limit, 2 x 128 x 128 MiB x 2 = 64 GiB
    [InlineData("0x20000000", "1", false)] // 2 x 1 x 1 MiB x 2 = 4 MiB
    public async Task The_worker_warns_once_at_start_when_the_worst_case_exceeds_its_memory(string heapLimit, string size, bool warns)
    {
        var settings = WorkerHost.Settings("unused-bucket",
            ("DOTNET_GCHeapHardLimit", heapLimit), ("Queues:PrefetchCount", size), ("Queues:ConcurrentMessageLimit", "1"),
            ("Queues:MaxMessageBytes", (long.Parse(size, System.Globalization.CultureInfo.InvariantCulture) << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var worker = await WorkerProcess.StartAsync(settings, settings["Queues:Read"]!);
        await worker.TerminateAsync();

        var warnings = worker.Output.Where(line => line.Contains("Messages may take up to", StringComparison.Ordinal)).ToList();

        Assert.Equal(warns ? 1 : 0, warnings.Count);
        Assert.All(warnings, line => Assert.Contains("MiB this process may use: lower Queues:PrefetchCount", line, StringComparison.Ordinal));
        await using var broker = await Broker.ConnectAsync();
        await broker.DeleteQueuesAsync(settings["Queues:Read"]!, settings["Queues:Subscribe"]!);
    }
}
