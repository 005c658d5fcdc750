using NodaTime;
using NodaTime.Text;

namespace S3Consumer.Core.Keys;

/// <summary>
/// The instant an event happened, read from RFC 3339 text with up to nanosecond precision.
/// </summary>
public readonly record struct EventTime(Instant Instant)
{
    public static bool TryParse(string? text, out EventTime time)
    {
        var result = text is null ? null : OffsetDateTimePattern.Rfc3339.Parse(text);
        time = result is { Success: true } ? new EventTime(result.Value.ToInstant()) : default;
        return result is { Success: true };
    }

    public static EventTime FromDateTime(DateTime utc) =>
        new(Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}
