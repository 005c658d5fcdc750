using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Writes;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Writes;

/// <summary>
/// A destination's availability: held while it fails, a probe a quarter hold delay after each failure (at once after one
/// that never reached S3), available again on the first write it takes.
/// </summary>
public sealed class DestinationAvailabilityTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider provider;
    private readonly DestinationAvailability availability;

    public DestinationAvailabilityTests()
    {
        var settings = WorkerHost.Settings("bucket", [("S3:HoldDelay", "00:00:15"), .. WorkerHost.Destination("other", "bucket").Select(setting => (setting.Key, setting.Value!))]);
        provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddMetrics()
            .AddSingleton<WorkerTelemetry>()
            .AddDestinations()
            .AddOptions<HoldOptions>().BindConfiguration(HoldOptions.SectionName).Services
            .BuildServiceProvider();
        availability = new DestinationAvailability(
            provider.GetRequiredService<DestinationCatalog>(), provider.GetRequiredService<WorkerTelemetry>(), time,
            provider.GetRequiredService<IOptions<HoldOptions>>(), provider.GetRequiredService<ILogger<DestinationAvailability>>());
    }

    public void Dispose() => provider.Dispose();

    [Fact]
    public void An_unavailable_destination_lets_a_probe_through_a_quarter_hold_delay_after_each_failure_and_recovers_on_the_first_write()
    {
        Assert.True(availability.TryAdmit("lake", out var written));
        Assert.False(written.Taken); // a message to an available destination is no probe
        availability.Failed("lake", "InvalidAccessKeyId");

        Assert.Equal(new DestinationOutage(time.GetUtcNow(), "InvalidAccessKeyId"), availability.OutageOf("LAKE"));
        Assert.False(availability.TryAdmit("lake", out _));
        Assert.True(availability.TryAdmit("other", out _));
        time.Advance(TimeSpan.FromSeconds(3.7));
        Assert.False(availability.TryAdmit("lake", out _));

        time.Advance(TimeSpan.FromSeconds(0.05));
        Assert.True(availability.TryAdmit("lake", out _));
        Assert.False(availability.TryAdmit("lake", out _));

        availability.Failed("lake", "ExpiredToken");
        Assert.Equal("ExpiredToken", availability.OutageOf("lake")!.Code);
        time.Advance(TimeSpan.FromSeconds(3.7));
        Assert.False(availability.TryAdmit("lake", out _));
        time.Advance(TimeSpan.FromSeconds(0.05));
        Assert.True(availability.TryAdmit("lake", out _));

        availability.Succeeded("lake");
        Assert.True(availability.IsAvailable("lake"));
        Assert.Null(availability.OutageOf("lake"));
        Assert.True(availability.TryAdmit("lake", out _));
    }

    [Fact]
    public void A_probe_under_way_holds_the_other_messages_back_for_up_to_a_whole_hold_delay()
    {
        availability.Failed("lake", "ConnectionFailure");
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(availability.TryAdmit("lake", out _));

        // The probe never says how it went (its worker stopped under it): the next one is a hold delay after it.
        time.Advance(TimeSpan.FromSeconds(14.9));
        Assert.False(availability.TryAdmit("lake", out _));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(availability.TryAdmit("lake", out _));
    }

    [Fact]
    public void A_probe_that_ends_without_a_write_lets_the_next_message_probe_at_once_and_one_that_failed_does_not()
    {
        availability.Failed("lake", "ConnectionFailure");
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(availability.TryAdmit("lake", out var parked));
        Assert.True(parked.Taken);
        Assert.False(availability.TryAdmit("lake", out _));

        // Its message was parked before its write (a key its template cannot make): nothing was learnt of the destination.
        availability.ProbeEnded("lake", parked);
        Assert.True(availability.TryAdmit("lake", out var failed));

        // This one's write failed, and its delivery ended after: the wait for the next probe stands.
        availability.Failed("lake", "ConnectionFailure");
        availability.ProbeEnded("lake", failed);
        Assert.False(availability.TryAdmit("lake", out _));
        time.Advance(TimeSpan.FromSeconds(3.75));
        Assert.True(availability.TryAdmit("lake", out var written));

        // Written: the destination is available, and the probe's end changes nothing.
        availability.Succeeded("lake");
        availability.ProbeEnded("lake", written);
        Assert.True(availability.IsAvailable("lake"));
    }

    [Fact]
    public void Many_messages_at_the_probe_time_let_exactly_one_through()
    {
        availability.Failed("lake", "ConnectionFailure");
        time.Advance(TimeSpan.FromSeconds(20));

        var admitted = 0;
        Parallel.For(0, 1000, message =>
        {
            if (availability.TryAdmit("lake", out _))
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(1, admitted);
    }

    [Fact]
    public void A_destination_whose_configuration_changes_is_probed_with_its_next_message_at_once()
    {
        availability.Failed("lake", "InvalidAccessKeyId");
        availability.Failed("other", "NoSuchBucket");
        Assert.False(availability.TryAdmit("lake", out _));

        var configuration = (IConfigurationRoot)provider.GetRequiredService<IConfiguration>();
        configuration["Destinations:lake:AccessKeyId"] = "ROTATED";
        configuration.Reload();

        Assert.True(availability.TryAdmit("lake", out _));
        Assert.False(availability.TryAdmit("lake", out _));
        Assert.False(availability.TryAdmit("other", out _));
    }
}
