using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>How many messages the queues take beyond their limits so that every destination's batch can fill.</summary>
public sealed class BatchRoomTests : IDisposable
{
    private readonly CapturedTelemetry captured = new();

    public void Dispose() => captured.Dispose();

    [Fact]
    public void The_room_is_the_sum_of_the_batched_destinations_MaxMessages_and_raises_both_limits()
    {
        using var services = Services(("lake:Batch:MaxMessages", "500"), ("archive:Batch:MaxMessages", "20"), ("plain:Batch:MaxMessages", "0"));
        var room = services.GetRequiredService<BatchRoom>();

        Assert.Equal(520, room.Messages);
        Assert.Equal(((ushort)552, 536), room.Raise("s3-read", 32, 16));
        Assert.Contains(Lines(), line => line.Contains("Queue s3-read takes up to 536 messages at once (prefetch 552)", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_batches_the_limits_stay_as_configured()
    {
        using var services = Services(("plain:Batch:MaxMessages", "0"));
        var room = services.GetRequiredService<BatchRoom>();

        Assert.Equal(((ushort)32, 16), room.Raise("s3-read", 32, 16));
        Assert.Empty(Lines());
    }

    [Fact]
    public void Each_partition_a_destination_may_keep_open_counts_as_a_batch()
    {
        using var services = Services(("lake:Batch:MaxMessages", "1000"), ("lake:Batch:PartitionBy", "metadata.objectName"), ("lake:Batch:MaxOpenPartitions", "12"),
            ("archive:Batch:MaxMessages", "20"), ("archive:Batch:MaxOpenPartitions", "12"));

        Assert.Equal(12_020, services.GetRequiredService<BatchRoom>().Messages);
    }

    [Fact]
    public void Huge_batches_are_clamped_to_the_prefetch_a_channel_takes_and_the_open_batches_to_that_room()
    {
        using var services = Services(("lake:Batch:MaxMessages", int.MaxValue.ToString(CultureInfo.InvariantCulture)),
            ("archive:Batch:MaxMessages", int.MaxValue.ToString(CultureInfo.InvariantCulture)));
        var room = services.GetRequiredService<BatchRoom>();

        Assert.Equal(ushort.MaxValue - 32, room.Messages);
        Assert.Equal((ushort.MaxValue, ushort.MaxValue - 32 + 16), room.Raise("s3-read", 32, 16));
        Assert.Contains(Lines(), line => line.Contains("Queue s3-read would need a prefetch of 2147483679", StringComparison.Ordinal)
                                         && line.Contains("the one holding the most is written early", StringComparison.Ordinal));
    }

    [Fact]
    public void Batches_that_fit_within_the_largest_prefetch_raise_no_warning()
    {
        using var services = Services(("lake:Batch:MaxMessages", "65503"));

        Assert.Equal(((ushort)65535, 65519), services.GetRequiredService<BatchRoom>().Raise("s3-read", 32, 16));
        Assert.DoesNotContain(Lines(), line => line.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reload_that_asks_for_more_room_warns_once_to_restart_and_one_that_is_refused_does_not()
    {
        using var services = Services(("lake:Batch:MaxMessages", "10"));
        var room = services.GetRequiredService<BatchRoom>();
        var configuration = (IConfigurationRoot)services.GetRequiredService<IConfiguration>();

        configuration["Destinations:lake:Batch:MaxMessages"] = "40";
        configuration["Destinations:lake:Batch:Compression"] = "lz4"; // does not validate: the catalog keeps the running version
        configuration.Reload();
        Assert.DoesNotContain(Lines(), line => line.Contains("restart the worker", StringComparison.Ordinal));

        configuration["Destinations:lake:Batch:Compression"] = "gzip";
        configuration.Reload();
        configuration.Reload();

        Assert.Equal(10, room.Messages); // a queue's limits are set as it starts
        var warning = Assert.Single(Lines(), line => line.Contains("restart the worker", StringComparison.Ordinal));
        Assert.Contains("hold up to 40 messages, more than the 10 the queues were started with", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_room_is_no_more_than_Batches_MaxBufferedBytes_holds_at_32_KiB_a_message()
    {
        using var services = Services(maxBufferedBytes: 64L << 20, ("lake:Batch:MaxMessages", "1000"), ("lake:Batch:PartitionBy", "metadata.objectName"));

        Assert.Equal(2048, services.GetRequiredService<BatchRoom>().Messages);
    }

    // A budget large enough not to bound the room, unless one is given.
    private ServiceProvider Services(params (string Destination, string Value)[] batches) => Services(1L << 40, batches);

    private ServiceProvider Services(long maxBufferedBytes, params (string Destination, string Value)[] batches)
    {
        var settings = batches
            .Select(batch => batch.Destination.Split(':')[0])
            .Distinct()
            .SelectMany(name => new[] { ($"Destinations:{name}:Bucket", "b"), ($"Destinations:{name}:Region", "us-west-2") })
            .Concat(batches.Select(batch => ($"Destinations:{batch.Destination}", batch.Value)))
            .ToArray();
        return ConfiguredServices.From(
                [.. settings, ("Queues:PrefetchCount", "32"), ("Queues:ConcurrentMessageLimit", "16"), ("Batches:MaxBufferedBytes", maxBufferedBytes.ToString(CultureInfo.InvariantCulture))])
            .AddLogging(logging => logging.AddProvider(captured)).AddDestinations()
            .AddOptions<QueueOptions>().BindConfiguration(QueueOptions.SectionName).Services
            .AddOptions<BatchesOptions>().BindConfiguration(BatchesOptions.SectionName).Services
            .AddSingleton<BatchRoom>().BuildServiceProvider();
    }

    private List<string> Lines() => [.. captured.Logs.Where(line => line.Contains(nameof(BatchRoom), StringComparison.Ordinal))];
}
