using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Tests.Writes;

/// <summary><c>S3:HoldDelay</c> and <c>S3:MaxUnavailable</c> are checked at start, each refusal one line naming its key and range.</summary>
public sealed class HoldOptionsValidatorTests
{
    [Theory]
    [InlineData("S3:HoldDelay", "00:00:00.500", "S3:HoldDelay is 00:00:00.5000000; it must be between 00:00:01 and 01:00:00 (how long an unavailable destination's message waits before it is tried again).")]
    [InlineData("S3:MaxUnavailable", "400.00:00:00", "S3:MaxUnavailable is 400.00:00:00; it must be between 00:01:00 and 365.00:00:00 (how long a destination may be unavailable before its messages go to the error queue).")]
    public void A_value_out_of_range_stops_the_start_with_one_line_naming_the_key_and_the_range(string key, string value, string line)
    {
        using var services = Services((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HoldOptions>>().Value);

        Assert.Equal([line], error.Failures);
    }

    [Fact]
    public void The_S3_section_gives_the_hold_settings_and_the_defaults_are_accepted()
    {
        using var defaults = Services();
        using var set = Services(("S3:HoldDelay", "00:00:03"), ("S3:MaxUnavailable", "1.00:00:00"));

        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromDays(7)), (defaults.GetRequiredService<IOptions<HoldOptions>>().Value.HoldDelay, defaults.GetRequiredService<IOptions<HoldOptions>>().Value.MaxUnavailable));
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromDays(1)), (set.GetRequiredService<IOptions<HoldOptions>>().Value.HoldDelay, set.GetRequiredService<IOptions<HoldOptions>>().Value.MaxUnavailable));
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build())
            .AddWrites()
            .BuildServiceProvider();
}
