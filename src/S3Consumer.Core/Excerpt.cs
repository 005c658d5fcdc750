namespace S3Consumer.Core;

/// <summary>Bounds text taken from a message before it goes into a reason, so a payload never lands in a header or on a span.</summary>
public static class Excerpt
{
    /// <summary>The most characters of a message's own value a reason quotes.</summary>
    public const int MaxQuoted = 100;

    /// <summary>The value, cut to <see cref="MaxQuoted"/> characters with a note of how many were left out.</summary>
    public static string Quote(string value) => Bound(value, MaxQuoted);

    public static string Bound(string value, int max)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= max)
        {
            return value;
        }

        // Never split a surrogate pair: half a character is not valid UTF-16 in a header.
        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return $"{value[..cut]}… ({value.Length - cut:N0} more characters)";
    }
}
