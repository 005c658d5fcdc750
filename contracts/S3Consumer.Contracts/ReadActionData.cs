using System.Text.Json.Serialization;

namespace S3Consumer.Contracts;

/// <summary>The <c>data</c> object of a read-action message.</summary>
public sealed class ReadActionData : ActionData
{
    /// <summary>The records synced.</summary>
    [JsonPropertyName("result")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReadRecord>? Result { get; init; }
}
