namespace S3Consumer.Core.Destinations;

/// <summary>What a reload of the destinations changed, by name, and when it took effect.</summary>
public sealed class DestinationsChangedEventArgs(
    IReadOnlyList<string> added, IReadOnlyList<string> changed, IReadOnlyList<string> removed, DateTimeOffset at) : EventArgs
{
    public IReadOnlyList<string> Added { get; } = added;

    /// <summary>Destinations whose options differ (new credentials, bucket, endpoint, template...): worth probing again now.</summary>
    public IReadOnlyList<string> Changed { get; } = changed;

    public IReadOnlyList<string> Removed { get; } = removed;

    public DateTimeOffset At { get; } = at;
}
