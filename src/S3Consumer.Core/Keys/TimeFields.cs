using System.Globalization;
using NodaTime.Text;

namespace S3Consumer.Core.Keys;

/// <summary>The <c>time</c> namespace of a key template: one instant in UTC, as zero-padded strings.</summary>
public static class TimeFields
{
    private static readonly (string Name, InstantPattern Pattern)[] Patterns =
    [
        ("year", Pattern("uuuu")),
        ("month", Pattern("MM")),
        ("day", Pattern("dd")),
        ("hour", Pattern("HH")),
        ("minute", Pattern("mm")),
        ("second", Pattern("ss")),
        ("date", Pattern("uuuu'-'MM'-'dd")),
        ("datetime", Pattern("uuuu'-'MM'-'dd' 'HH':'mm':'ss")),
        ("rfc3339", Pattern("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'")),
        // Go's time.RFC3339Nano: up to nine fraction digits, trailing zeros (and a bare point) dropped.
        ("rfc3339_nano", Pattern("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFF'Z'")),
    ];

    private static readonly InstantPattern Rfc3339NanoPattern = Patterns[^1].Pattern;

    /// <summary>The time as <c>time.rfc3339_nano</c> shows it.</summary>
    public static string Rfc3339Nano(EventTime time) => Rfc3339NanoPattern.Format(time.Instant);

    private static readonly (string Name, Func<EventTime, string> Format)[] Fields =
    [
        .. Patterns.Select(field => (field.Name, (Func<EventTime, string>)(time => field.Pattern.Format(time.Instant)))),
        ("unix", time => time.Instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ];

    public static IEnumerable<KeyValuePair<string, string>> Of(EventTime time) =>
        Fields.Select(field => KeyValuePair.Create(field.Name, field.Format(time)));

    /// <summary>How to format the field a template names; null for no such field.</summary>
    internal static Func<EventTime, string>? FormatterOf(string name) =>
        Array.Find(Fields, field => field.Name == name).Format;

    private static InstantPattern Pattern(string text) => InstantPattern.CreateWithInvariantCulture(text);
}
