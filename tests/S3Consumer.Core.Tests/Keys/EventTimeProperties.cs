using System.Globalization;
using CsCheck;
using NodaTime;
using NodaTime.Text;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Tests.Keys;

/// <summary>
/// Any RFC 3339 spelling of an instant reads as that instant, truncated to the fraction digits it gives; so does Unix
/// time as text, in seconds or milliseconds, with or without a fraction.
/// </summary>
public sealed class EventTimeProperties
{
    private static readonly LocalDateTimePattern Local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    [Fact]
    public void Any_spelling_reads_as_its_instant()
    {
        // Years 2 to 9998, so that any offset (NodaTime takes up to 18 hours) keeps the local time within RFC 3339's years; 'Z', 'z', offsets, 'T' or 't', 0 to 12 fraction digits.
        Gen.Select(Gen.Long[-62_104_060_800, 253_370_764_799], Gen.Int[0, 999_999_999], Gen.Int[-1080, 1080], Gen.Int[0, 12], Gen.Int[0, 3], Gen.Long[0, 999])
            .Sample((seconds, nanoseconds, offsetMinutes, digits, spelling, extra) =>
            {
                var instant = Instant.FromUnixTimeSeconds(seconds).PlusNanoseconds(nanoseconds);
                var offset = Offset.FromSeconds(offsetMinutes * 60);
                var fraction = string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:D9}{extra:D3}")[..digits];
                var zone = offsetMinutes == 0 && spelling < 2 ? (spelling == 0 ? "Z" : "z") : offset.ToString("+HH:mm", CultureInfo.InvariantCulture);
                var text = Local.Format(instant.WithOffset(offset).LocalDateTime) + (digits == 0 ? "" : "." + fraction) + zone;
                text = spelling == 3 ? string.Concat(text.AsSpan(0, 10), "t", text.AsSpan(11)) : text;
                var dropped = digits >= 9 ? 0 : nanoseconds % (long)Math.Pow(10, 9 - digits);

                Assert.True(EventTime.TryParse(text, out var time), text);
                Assert.Equal(instant.PlusNanoseconds(-dropped), time.Instant);
            }, iter: 5000);
    }

    [Fact]
    public void Unix_time_as_text_reads_as_its_instant_in_seconds_or_milliseconds()
    {
        // From 1973-03-03 (10^11 ms, where milliseconds begin to be told from seconds) to the year 5138 (10^11 s).
        Gen.Select(Gen.Long[100_000_000, EventTime.MaxUnixSeconds], Gen.Int[0, 999_999_999], Gen.Int[0, 9], Gen.Bool)
            .Sample((seconds, nanoseconds, digits, inMilliseconds) =>
            {
                var instant = Instant.FromUnixTimeSeconds(seconds).PlusNanoseconds(nanoseconds);
                var nanos = string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:D9}");
                var text = inMilliseconds
                    ? string.Create(CultureInfo.InvariantCulture, $"{seconds}{nanos[..3]}") + (digits <= 3 ? "" : "." + nanos[3..digits])
                    : string.Create(CultureInfo.InvariantCulture, $"{seconds}") + (digits == 0 ? "" : "." + nanos[..digits]);
                var kept = inMilliseconds ? Math.Max(digits, 3) : digits;
                var dropped = nanoseconds % (long)Math.Pow(10, 9 - kept);

                Assert.True(EventTime.TryParseUnix(text, out var time), text);
                Assert.Equal(instant.PlusNanoseconds(-dropped), time.Instant);
                Assert.Equal(inMilliseconds, EventTime.TryParseUnixMilliseconds(text, out var asMilliseconds) && asMilliseconds == time);
            }, iter: 5000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1e9")]
    [InlineData(" 1760410739")]
    [InlineData("+1760410739")]
    [InlineData("1760410739.")]
    [InlineData("0x68EDBD73")]
    [InlineData("1,760,410,739")]
    [InlineData("999999999999999999")] // milliseconds past the year 9999
    [InlineData("-99999999999999")] // milliseconds before the year 1
    public void Other_text_is_no_unix_time(string text) => Assert.False(EventTime.TryParseUnix(text, out _));
}
