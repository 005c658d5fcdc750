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

    /// <summary>The fields that have a value, under the names publishers and templates use.</summary>
    public IEnumerable<KeyValuePair<string, string>> Fields()
    {
        (string Name, string? Value)[] all =
        [
            ("projectId", ProjectId), ("installationId", InstallationId), ("connectionId", ConnectionId),
            ("destinationId", DestinationId), ("operationId", OperationId), ("objectName", ObjectName),
            ("event-id", EventId), ("timestamp", Timestamp), ("topic", Topic),
        ];
        return all.Where(field => !string.IsNullOrEmpty(field.Value))
            .Select(field => KeyValuePair.Create(field.Name, field.Value!));
    }
}
