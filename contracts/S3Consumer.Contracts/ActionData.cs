using System.Text.Json;
using System.Text.Json.Serialization;

namespace S3Consumer.Contracts;

/// <summary>
/// The fields that read-action and subscribe-action payloads share: the <c>data</c> object of a message.
/// </summary>
/// <remarks>
/// Timestamps are kept as the RFC 3339 text that was sent: providers send nanoseconds, which
/// <see cref="DateTimeOffset"/> cannot hold, and the object written to S3 must carry them unchanged.
/// Absent values stay absent when serialized; fields this type does not know survive in <see cref="AdditionalFields"/>.
/// </remarks>
public abstract class ActionData
{
    /// <summary>The action type: <c>read</c> or <c>subscribe</c>.</summary>
    [JsonPropertyName("action")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Action { get; init; }

    /// <summary>The Ampersand project identifier.</summary>
    [JsonPropertyName("projectId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProjectId { get; init; }

    /// <summary>The SaaS provider, e.g. <c>hubspot</c> or <c>salesforce</c>.</summary>
    [JsonPropertyName("provider")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Provider { get; init; }

    /// <summary>The customer group identifier.</summary>
    [JsonPropertyName("groupRef")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupRef { get; init; }

    /// <summary>The customer group name.</summary>
    [JsonPropertyName("groupName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupName { get; init; }

    /// <summary>The end user identifier.</summary>
    [JsonPropertyName("consumerRef")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConsumerRef { get; init; }

    /// <summary>The end user name.</summary>
    [JsonPropertyName("consumerName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConsumerName { get; init; }

    /// <summary>The installation instance identifier.</summary>
    [JsonPropertyName("installationId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstallationId { get; init; }

    /// <summary>When the installation was last updated, RFC 3339 text as sent.</summary>
    [JsonPropertyName("installationUpdateTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstallationUpdateTime { get; init; }

    /// <summary>The object being synced, e.g. <c>contacts</c>.</summary>
    [JsonPropertyName("objectName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ObjectName { get; init; }

    /// <summary>The sync operation identifier.</summary>
    [JsonPropertyName("operationId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OperationId { get; init; }

    /// <summary>When the operation completed, RFC 3339 text as sent (nanoseconds kept).</summary>
    [JsonPropertyName("operationTime")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OperationTime { get; init; }

    /// <summary>Fields of the payload that this contract does not name; kept so nothing is lost.</summary>
    [JsonExtensionData]
    public UnknownFields? AdditionalFields { get; init; }
}
