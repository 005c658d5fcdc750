using System.Text.Json.Serialization;

namespace S3Consumer.Contracts;

/// <summary>The <c>data</c> object of a subscribe-action message.</summary>
public sealed class SubscribeActionData : ActionData
{
    /// <summary>The records changed, each with its event.</summary>
    [JsonPropertyName("result")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SubscribeRecord>? Result { get; init; }
}
