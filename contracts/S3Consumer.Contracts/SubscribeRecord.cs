using System.Text.Json;
using System.Text.Json.Serialization;

namespace S3Consumer.Contracts;

/// <summary>One record delivered by a subscription, with the event that changed it.</summary>
public sealed class SubscribeRecord : ReadRecord
{
    /// <summary>The normalized event type: <c>create</c>, <c>update</c>, <c>delete</c> or <c>associationUpdate</c>.</summary>
    [JsonPropertyName("subscribeEventType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SubscribeEventType { get; init; }

    /// <summary>The event type as the provider's API names it.</summary>
    [JsonPropertyName("providerEventType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProviderEventType { get; init; }

    /// <summary>The original webhook event from the provider, when available: any JSON.</summary>
    [JsonPropertyName("rawEvent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement RawEvent { get; init; }
}
