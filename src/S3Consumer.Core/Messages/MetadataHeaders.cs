namespace S3Consumer.Core.Messages;

/// <summary>
/// Metadata as Ampersand's RabbitMQ destination sends it, in camelCase string headers; each is used only where the
/// payload has no value of that name.
/// </summary>
public sealed record MetadataHeaders(string? ProjectId, string? InstallationId, string? OperationId, string? ObjectName)
{
    public static MetadataHeaders None { get; } = new(null, null, null, null);
}
