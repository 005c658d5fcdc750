namespace S3Consumer.Core.Objects;

/// <summary>
/// The nine event fields every object carries as S3 user metadata and every key template reads as <c>metadata</c>.
/// </summary>
public sealed record ObjectMetadata
{
    public string? ProjectId { get; init; }
    public string? InstallationId { get; init; }
    public string? ConnectionId { get; init; }
    public required string DestinationId { get; init; }
    public string? OperationId { get; init; }
    public string? ObjectName { get; init; }
    public required string EventId { get; init; }
    public required string Timestamp { get; init; }
    public required string Topic { get; init; }

    // The fields under the names publishers and templates use, in the order they are written.
    private static readonly (string Name, Func<ObjectMetadata, string?> Read)[] Names =
    [
        ("projectId", m => m.ProjectId), ("installationId", m => m.InstallationId), ("connectionId", m => m.ConnectionId),
        ("destinationId", m => m.DestinationId), ("operationId", m => m.OperationId), ("objectName", m => m.ObjectName),
        ("event-id", m => m.EventId), ("timestamp", m => m.Timestamp), ("topic", m => m.Topic),
    ];

    /// <summary>The names of the nine fields, as publishers and templates use them.</summary>
    public static IEnumerable<string> FieldNames => Names.Select(named => named.Name);

    /// <summary>The fields that have a value, under the names publishers and templates use.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields()
    {
        var fields = new List<KeyValuePair<string, string>>(Names.Length);
        foreach (var (name, read) in Names)
        {
            if (read(this) is { Length: > 0 } value)
            {
                fields.Add(KeyValuePair.Create(name, value));
            }
        }

        return fields;
    }

    /// <summary>How to read the field a template names (null when it has no value, as in <see cref="Fields"/>); null for no such field.</summary>
    internal static Func<ObjectMetadata, string?>? ReaderOf(string name)
    {
        foreach (var (field, read) in Names)
        {
            if (field == name)
            {
                return metadata => read(metadata) is { Length: > 0 } value ? value : null;
            }
        }

        return null;
    }
}
