using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace S3Consumer.Core.Keys;

/// <summary>
/// The instant an event happened, read from RFC 3339 text with up to nanosecond precision.
/// </summary>
public readonly partial record struct EventTime(Instant Instant)
{
    /// <summary>
    /// The largest AMQP timestamp read as seconds: 10^11 s is the year 5138, while 10^11 ms is 1973-03-03. Clients
    /// that follow the AMQP specification send seconds; many others (JavaScript's <c>Date.now()</c>) send milliseconds.
    /// </summary>
    public const long MaxUnixSeconds = 99_999_999_999;

    /// <summary>
    /// Reads RFC 3339 text as the RFC allows it: any offset, lower-case <c>t</c> and <c>z</c>, any number of
    /// fraction digits (those past nanoseconds are dropped: the instant is truncated to the nanosecond), and a leap
    /// second (<c>:60</c>, read as the last nanosecond of its minute).
    /// </summary>
    public static bool TryParse(string? text, out EventTime time)
    {
        time = default;
        if (text is null || !Rfc3339().IsMatch(text))
        {
            return false;
        }

        var result = OffsetDateTimePattern.Rfc3339.Parse(IsNormalized(text) ? text : Normalized(text));
        time = result.Success ? new EventTime(result.Value.ToInstant()) : default;
        return result.Success;
    }

    // RFC 3339 text as NodaTime's pattern reads it: as most publishers send it, and then read as it is.
    private static bool IsNormalized(string text) =>
        text[10] == 'T' && text[^1] != 'z' && !text.AsSpan(17, 2).SequenceEqual("60")
        && text.Length - 19 - (text[^1] == 'Z' ? 1 : 6) <= 10;

    private static string Normalized(string text)
    {
        var parts = Rfc3339().Match(text);
        var fraction = parts.Groups["fraction"].Value;
        var leapSecond = parts.Groups["second"].Value == "60";
        return string.Concat(
            parts.Groups["date"].Value, "T", parts.Groups["minute"].Value, ":", leapSecond ? "59" : parts.Groups["second"].Value,
            leapSecond ? ".999999999" : fraction.Length > 1 ? fraction[..Math.Min(fraction.Length, 10)] : "",
            parts.Groups["offset"].Value.ToUpperInvariant());
    }

    /// <summary>
    /// A transport timestamp as a time: Unix seconds up to <see cref="MaxUnixSeconds"/>, milliseconds above it;
    /// false when it is no time at all (before the year 1 or after 9999).
    /// </summary>
    public static bool TryFromUnixTimestamp(long value, out EventTime time)
    {
        var milliseconds = value > MaxUnixSeconds || value < -MaxUnixSeconds ? value : value * 1000;
        var valid = milliseconds >= Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeMilliseconds()
                    && milliseconds <= Instant.FromUtc(9999, 12, 31, 23, 59, 59).ToUnixTimeMilliseconds();
        time = valid ? new EventTime(Instant.FromUnixTimeMilliseconds(milliseconds)) : default;
        return valid;
    }

    /// <summary>
    /// Unix time as text (<c>1760410739</c>, <c>1760410739323</c>, <c>1760410739.5</c>): seconds up to
    /// <see cref="MaxUnixSeconds"/>, milliseconds above it, as <see cref="TryFromUnixTimestamp"/> reads them; a fraction
    /// is kept to the nanosecond. False for other text, or a time before the year 1 or after 9999.
    /// </summary>
    public static bool TryParseUnix(string? text, out EventTime time) => TryParseUnix(text, milliseconds: null, out time);

    /// <summary>As <see cref="TryParseUnix(string?, out EventTime)"/>, but always milliseconds.</summary>
    public static bool TryParseUnixMilliseconds(string? text, out EventTime time) => TryParseUnix(text, milliseconds: true, out time);

    private static bool TryParseUnix(string? text, bool? milliseconds, out EventTime time)
    {
        time = default;
        if (text is null || !UnixNumber().IsMatch(text))
        {
            return false;
        }

        var value = decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var inMilliseconds = milliseconds ?? Math.Abs(Math.Truncate(value)) > MaxUnixSeconds;
        var nanoseconds = Math.Truncate(value * (inMilliseconds ? 1_000_000m : 1_000_000_000m));
        var seconds = Math.Floor(nanoseconds / 1_000_000_000m);
        if (seconds < Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeSeconds() || seconds > Instant.FromUtc(9999, 12, 31, 23, 59, 59).ToUnixTimeSeconds())
        {
            return false;
        }

        time = new EventTime(Instant.FromUnixTimeSeconds((long)seconds).PlusNanoseconds((long)(nanoseconds - (seconds * 1_000_000_000m))));
        return true;
    }

    // Digits enough for any Unix time in milliseconds of the years 1 to 9999, and few enough to stay within decimal's range.
    [GeneratedRegex(@"^-?[0-9]{1,18}(\.[0-9]{1,18})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnixNumber();

    // RFC 3339 section 5.6; the checks of each field's range are NodaTime's.
    [GeneratedRegex(
        @"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<minute>[0-9]{2}:[0-9]{2}):(?<second>[0-9]{2})(?<fraction>\.[0-9]+)?(?<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})\z",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Rfc3339();
}
