using System.Globalization;

namespace S3Consumer.Core.Configuration;

/// <summary>
/// The one wording of an option outside its range, for every options validator of the worker and the tool, so that
/// every refusal names the key and what it may be.
/// </summary>
public static class Ranges
{
    /// <summary>Null when <paramref name="value"/> is within <paramref name="min"/>..<paramref name="max"/>, else the line that says so.</summary>
    public static string? Outside<T>(string key, T value, T min, T max, string why)
        where T : IComparable<T>, IFormattable =>
        value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0
            ? null
            : $"{key} is {Text(value)}; it must be between {Text(min)} and {Text(max)} ({why}).";

    public static string Text<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
