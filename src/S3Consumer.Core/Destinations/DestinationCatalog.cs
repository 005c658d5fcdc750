using Microsoft.Extensions.Options;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Destinations;

/// <summary>The configured destinations, each with its key template parsed once.</summary>
public sealed class DestinationCatalog
{
    private readonly Dictionary<string, Destination> byName;

    public DestinationCatalog(IOptions<DestinationsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        byName = options.Value.ToDictionary(
            entry => entry.Key,
            entry => Create(entry.Key, entry.Value),
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<Destination> All => byName.Values;

    /// <summary>The destination a message names; throws <see cref="UndeliverableMessageException"/> when there is none.</summary>
    public Destination Resolve(string? name) =>
        string.IsNullOrWhiteSpace(name)
            ? throw Unknown("The message names no destination: set the 'destination' header, or the message's destination field.")
            : byName.GetValueOrDefault(name)
              ?? throw Unknown($"Destination '{Excerpt.Quote(name)}' is not configured (configured: {string.Join(", ", byName.Keys)}). " +
                               $"Fix the name the message carries, or add Destinations:{Excerpt.Quote(name)}:Bucket and Region.");

    private static Destination Create(string name, DestinationOptions options) =>
        new(
            name,
            options,
            StorageClasses.TryParse(options.StorageClass, out var storageClass)
                ? storageClass
                : throw new OptionsValidationException(name, typeof(DestinationOptions), [$"Destination '{name}': unknown StorageClass."]),
            options.ObjectKeyTemplate is { } template ? ObjectKeyTemplate.Parse(template) : ObjectKeyTemplate.Default);

    private static UndeliverableMessageException Unknown(string message) =>
        new(UndeliverableReason.UnknownDestination, message);
}
