using System.Text.Json.Serialization;

namespace S3Consumer.Contracts;

/// <summary>
/// Records changed in a SaaS instance, delivered by a subscribe action, to be written as one S3 object.
/// Publish it with one <c>Publish</c> call; the worker consumes it from <c>s3consumer-subscribe</c>.
/// </summary>
public sealed class SubscribeActionMessage
{
    /// <summary>The destination's name (its alias in <c>amp.yaml</c>); a <c>destination</c> header may name it instead.</summary>
    [JsonPropertyName("destination")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Destination { get; init; }

    /// <summary>The payload. Required: a message without it goes to the error queue.</summary>
    [JsonPropertyName("data")]
    public SubscribeActionData? Data { get; init; }
}
