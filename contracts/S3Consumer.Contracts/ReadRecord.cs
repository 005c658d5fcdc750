using System.Text.Json;
using System.Text.Json.Serialization;

namespace S3Consumer.Contracts;

/// <summary>One record read from the provider: its normalized fields and the provider's original response.</summary>
public class ReadRecord
{
    /// <summary>Normalized field data: any JSON.</summary>
    [JsonPropertyName("fields")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Fields { get; init; }

    /// <summary>The original API response from the provider: any JSON.</summary>
    [JsonPropertyName("raw")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Raw { get; init; }

    /// <summary>Fields of the record that this contract does not name; kept so nothing is lost.</summary>
    [JsonExtensionData]
    public UnknownFields? AdditionalFields { get; init; }
}
