using Newtonsoft.Json;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Tests.Keys;

/// <summary>Templates see every number JSON allows, as exactly as JMESPath can hold it.</summary>
public sealed class PayloadTokensTests
{
    [Theory]
    [InlineData("1e300", "1E+300")]
    [InlineData("1e400", "1e400")]
    [InlineData("-1e400", "-1e400")]
    [InlineData("-0", "0")]
    [InlineData("12345678901234567890123", "12345678901234567890123")]
    [InlineData("-9223372036854775809", "-9223372036854775809")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e-320", "1E-320")]
    [InlineData("5e-400", "5e-400")]
    [InlineData("0.000e-400", "0.0")]
    public void A_template_prints_each_number(string number, string printed) =>
        Assert.Equal(printed, Key($"to_string(data.n)", number));

    [Fact]
    public void Numbers_compare_as_numbers()
    {
        Assert.Equal("yes", Key("data.n > `1e299` && 'yes' || 'no'", "1e300"));
        Assert.Equal("yes", Key("data.n == `12345678901234567890123` && 'yes' || 'no'", "12345678901234567890123"));
    }

    [Fact]
    public void Payloads_nested_far_deeper_than_64_levels_are_read()
    {
        var deep = new string('[', 500) + "\"x\"" + new string(']', 500);

        var token = PayloadTokens.Parse(System.Text.Encoding.UTF8.GetBytes(deep));

        Assert.Equal(deep, token.ToString(Formatting.None));
    }

    [Fact]
    public void Strings_that_look_like_dates_stay_text()
    {
        Assert.Equal("2025-10-14T02:58:59.323405308Z", Key("data.n", "\"2025-10-14T02:58:59.323405308Z\""));
    }

    private static string Key(string template, string number) =>
        Examples.Build(Examples.Raw($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"2025-10-14T02:58:59Z\", \"n\": {number}}}}}"), template).Key;
}
