using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Keys;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>Every <c>S3</c> option is checked at start against what Polly and the AWS SDK take, each refusal one line naming its key.</summary>
public sealed class S3OptionsValidatorTests
{
    [Theory]
    [InlineData("S3:AttemptTimeout", "00:00:00.005", "S3:AttemptTimeout is 00:00:00.0050000; it must be between 00:00:00.0100000 and 1.00:00:00 (Polly's bounds for a timeout).")]
    [InlineData("S3:AttemptTimeout", "1.00:00:01", "S3:AttemptTimeout is 1.00:00:01; it must be between 00:00:00.0100000 and 1.00:00:00 (Polly's bounds for a timeout).")]
    [InlineData("S3:ConnectTimeout", "00:00:00.050", "S3:ConnectTimeout is 00:00:00.0500000; it must be between 00:00:00.1000000 and 00:10:00 (how long opening a connection to S3 may take).")]
    [InlineData("S3:MaxRetryAttempts", "0", "S3:MaxRetryAttempts is 0; it must be between 1 and 100 (quick retries of one write before the destination counts as unavailable).")]
    [InlineData("S3:RetryDelay", "-00:00:01", "S3:RetryDelay is -00:00:01; it must be between 00:00:00 and 1.00:00:00 (Polly's bounds for a retry delay).")]
    [InlineData("S3:MaxRetryDelay", "2.00:00:00", "S3:MaxRetryDelay is 2.00:00:00; it must be between 00:00:00.0500000 and 1.00:00:00 (at least S3:RetryDelay, and at most Polly's bound for a retry delay).")]
    [InlineData("S3:MaxRetryDelay", "00:00:00.010", "S3:MaxRetryDelay is 00:00:00.0100000; it must be between 00:00:00.0500000 and 1.00:00:00 (at least S3:RetryDelay, and at most Polly's bound for a retry delay).")]
    [InlineData("S3:HedgeDelay", "-00:00:01", "S3:HedgeDelay is -00:00:01; it must be between 00:00:00 and 1.00:00:00 (0 sends no PUT again, nor does a delay at or above S3:AttemptTimeout, which abandons the PUT first).")]
    [InlineData("S3:MaxConnections", "20000", "S3:MaxConnections is 20000; it must be between 1 and 10000 (HTTP connections per S3 host).")]
    public void A_value_out_of_range_stops_the_start_with_one_line_naming_the_key_and_the_range(string key, string value, string line)
    {
        using var services = Services(("S3:RetryDelay", "00:00:00.050"), (key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<S3Options>>().Value);

        Assert.Equal([line], error.Failures);
    }

    [Fact]
    public void The_defaults_are_accepted()
    {
        using var services = Services();

        Assert.Equal(TimeSpan.FromSeconds(2), services.GetRequiredService<IOptions<S3Options>>().Value.MaxRetryDelay);
    }

    // The bounds are Polly's: at each one the validator accepts, Polly builds the pipeline; a step beyond, both refuse.
    [Theory]
    [InlineData("S3:AttemptTimeout", "1.00:00:00", "1.00:00:00.001")]
    [InlineData("S3:AttemptTimeout", "00:00:00.010", "00:00:00.009")]
    [InlineData("S3:MaxRetryDelay", "1.00:00:00", "1.00:00:00.001")]
    [InlineData("S3:RetryDelay", "00:00:00", "-00:00:00.001")]
    public void The_bounds_are_those_polly_takes(string key, string accepted, string refused)
    {
        using var services = Services();
        var validator = services.GetRequiredService<IValidateOptions<S3Options>>();
        var (fits, beyond) = (Bind((key, accepted)), Bind((key, refused)));

        Assert.True(validator.Validate(null, fits).Succeeded);
        Assert.NotNull(Sender(services, fits).Retries);
        Assert.True(validator.Validate(null, beyond).Failed);
        Assert.ThrowsAny<Exception>(() => Sender(services, beyond));
    }

    private static S3Options Bind(params (string Key, string Value)[] settings) =>
        Configuration(settings).GetSection(S3Options.SectionName).Get<S3Options>()!;

    private static DestinationSender Sender(ServiceProvider services, S3Options options)
    {
        using var senders = new DestinationSenders(Options.Create(options), services.GetRequiredService<WorkerTelemetry>(), NullLoggerFactory.Instance);
        return senders.For(new Destination("lake", new DestinationOptions { Bucket = "b", Region = "us-east-1" }, "STANDARD", ObjectKeyTemplate.Default));
    }

    // Later settings win, as later configuration sources do.
    private static IConfigurationRoot Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.GroupBy(setting => setting.Key)
            .Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Last().Value))).Build();

    private static ServiceProvider Services(params (string Key, string Value)[] settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(Configuration(settings))
            .AddMetrics()
            .AddSingleton<WorkerTelemetry>()
            .AddMessaging()
            .AddS3Storage()
            .BuildServiceProvider();
}
