namespace S3Consumer.Core.Destinations;

/// <summary>The storage classes a destination may name, spelled as S3 spells them (the worker maps them to the SDK's).</summary>
public static class StorageClasses
{
    private static readonly string[] Names =
        ["STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE"];

    public static string ValidNames => string.Join(", ", Names);

    /// <summary>Whether S3 has the class; configuration may spell it in any case (S3's spelling is its upper case).</summary>
    public static bool IsKnown(string? name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);
}
