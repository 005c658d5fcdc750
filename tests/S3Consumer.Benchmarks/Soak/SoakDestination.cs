namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// A destination of the soak: how it writes, the share of the raw and typed traffic that names it, the object name
/// whose Ampersand messages the manifest routes to it (none: it takes none), and settings of its own
/// (<c>Envelope</c>, a storage class, keys).
/// </summary>
internal sealed record SoakDestination(string Name, DestinationLayout Layout, double Share, string? AmpersandObject = null)
{
    public IReadOnlyDictionary<string, object> Extra { get; init; } = new Dictionary<string, object>();

    /// <summary><c>Envelope: none</c>: an object or line holds the message itself, not <c>{"data": ...}</c>.</summary>
    public bool EnvelopeNone => Extra.TryGetValue("Envelope", out var envelope) && (string)envelope == "none";

    /// <summary>Whether messages are meant to be written here; poison's destinations take none.</summary>
    public bool TakesTraffic => Share > 0 || AmpersandObject is not null;
}
