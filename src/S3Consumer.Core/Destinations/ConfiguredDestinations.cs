namespace S3Consumer.Core.Destinations;

/// <summary>Every destination by name, bound from the <c>Destinations</c> section. Names ignore case, as configuration keys do.</summary>
public sealed class ConfiguredDestinations() : Dictionary<string, DestinationOptions>(StringComparer.OrdinalIgnoreCase)
{
    public const string SectionName = "Destinations";
}
