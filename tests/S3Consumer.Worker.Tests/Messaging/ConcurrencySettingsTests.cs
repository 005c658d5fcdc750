using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Messaging;

/// <summary>Writes in flight, prefetch and the S3 connection pool must fit together; the worker says what to fix at start.</summary>
public sealed class ConcurrencySettingsTests
{
    [Fact]
    public void The_defaults_keep_a_connection_for_every_write_and_prefetch_twice_the_limit()
    {
        using var services = Services();

        var (queues, s3) = (services.GetRequiredService<IOptions<QueueOptions>>().Value, services.GetRequiredService<IOptions<S3Options>>().Value);

        Assert.Equal((64, 128, 128), (queues.ConcurrentMessageLimit, (int)queues.PrefetchCount, s3.MaxConnections));
    }

    [Fact]
    public void A_prefetch_that_never_reaches_the_limit_stops_the_start()
    {
        using var services = Services(("Queues:PrefetchCount", "32"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QueueOptions>>().Value);

        Assert.Contains(error.Failures, failure => failure.StartsWith("Queues:PrefetchCount is below Queues:ConcurrentMessageLimit", StringComparison.Ordinal));
    }

    [Fact]
    public void A_connection_pool_smaller_than_both_queues_writes_stops_the_start()
    {
        using var services = Services(("Queues:ConcurrentMessageLimit", "100"), ("Queues:PrefetchCount", "200"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<S3Options>>().Value);

        Assert.Equal(
            "S3:MaxConnections is below the writes the worker can have in flight to one S3 host (both queues' Queues:ConcurrentMessageLimit): set it to at least twice the limit, or writes wait for a connection.",
            Assert.Single(error.Failures));
    }

    [Fact]
    public void A_pool_raised_with_the_limit_is_accepted()
    {
        using var services = Services(("Queues:ConcurrentMessageLimit", "100"), ("Queues:PrefetchCount", "200"), ("S3:MaxConnections", "200"));

        Assert.Equal(200, services.GetRequiredService<IOptions<S3Options>>().Value.MaxConnections);
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings) =>
        ConfiguredServices.From(settings).AddMessaging().AddS3Storage().BuildServiceProvider();
}
