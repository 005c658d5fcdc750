using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Tests.Keys;

public sealed class TimeFieldsTests
{
    /// <summary>README.md's "Object keys" list of time fields, for the read example's 2025-10-14T02:58:59.323405308Z.</summary>
    public static TheoryData<string, string> ReadExampleFields => new()
    {
        { "year", "2025" }, { "month", "10" }, { "day", "14" }, { "hour", "02" }, { "minute", "58" }, { "second", "59" },
        { "date", "2025-10-14" }, { "datetime", "2025-10-14 02:58:59" }, { "unix", "1760410739" },
        { "rfc3339", "2025-10-14T02:58:59Z" }, { "rfc3339_nano", "2025-10-14T02:58:59.323405308Z" },
    };

    [Theory]
    [MemberData(nameof(ReadExampleFields))]
    public void Each_time_field_of_the_read_example(string field, string expected) =>
        Assert.Equal(expected, Render($"time.{field}", "2025-10-14T02:58:59.323405308Z"));

    /// <summary>Timestamps as publishers send them, and their <c>rfc3339_nano</c>.</summary>
    public static TheoryData<string, string> NanoTimes => new()
    {
        { "2025-04-10T23:22:25.000Z", "2025-04-10T23:22:25Z" },
        { "2025-04-10T23:22:25.320000000Z", "2025-04-10T23:22:25.32Z" },
        { "2025-04-10T23:22:25.000000001Z", "2025-04-10T23:22:25.000000001Z" },
        { "2025-04-11T01:22:25.5+02:00", "2025-04-10T23:22:25.5Z" },
        { "2025-04-10T20:22:25-03:00", "2025-04-10T23:22:25Z" },
        { "2025-04-10t23:22:25.5z", "2025-04-10T23:22:25.5Z" },
        { "2025-04-10T23:22:25.1234567891234Z", "2025-04-10T23:22:25.123456789Z" },
        { "2025-04-11T04:52:25.9999999999+05:30", "2025-04-10T23:22:25.999999999Z" },
        { "2025-04-10T23:22:25-00:00", "2025-04-10T23:22:25Z" },
        { "2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999999Z" },
    };

    [Theory]
    [MemberData(nameof(NanoTimes))]
    public void Rfc3339_nano_is_utc_with_trailing_zeros_dropped_as_go_does(string timestamp, string expected) =>
        Assert.Equal(expected, Render("time.rfc3339_nano", timestamp));

    [Fact]
    public void Fields_come_from_utc_even_when_the_timestamp_has_an_offset()
    {
        Assert.Equal("2025-10-13 23:30:00", Render("time.datetime", "2025-10-14T01:30:00+02:00"));
        Assert.Equal("13", Render("time.day", "2025-10-14T01:30:00+02:00"));
    }

    [Theory]
    [InlineData("2025-10-14")]
    [InlineData("14/10/2025 02:58:59")]
    [InlineData("2025-10-14T02:58:59")]
    [InlineData("2025-10-14 02:58:59Z")]
    [InlineData("2025-10-14T02:58:59.Z")]
    [InlineData("2025-13-14T02:58:59Z")]
    [InlineData("2025-10-14T02:58:59Z\n")]
    [InlineData("２０２５-10-14T02:58:59Z")]
    public void Text_that_is_not_rfc3339_is_not_a_time(string text) => Assert.False(EventTime.TryParse(text, out _));

    [Fact]
    public void Time_fields_of_a_transport_timestamp_in_milliseconds()
    {
        Assert.True(EventTime.TryFromUnixTimestamp(1_760_410_739_323, out var time));
        Assert.Equal("2025-10-14T02:58:59.323Z", TimeFields.Rfc3339Nano(time));
        Assert.False(EventTime.TryFromUnixTimestamp(long.MaxValue, out _));
    }

    private static string Render(string template, string operationTime) =>
        Examples.Build(Examples.Raw($"{{\"data\": {{\"action\": \"read\", \"operationTime\": \"{operationTime}\"}}}}") with { MessageId = "m" }, template).Key;
}
