using System.Text.Json;

namespace S3Consumer.Contracts;

/// <summary>
/// The fields of a payload or a record that its contract does not name, each kept as the JSON it was sent as.
/// </summary>
/// <remarks>
/// A type of its own, not <c>Dictionary&lt;string, JsonElement&gt;</c>: MassTransit's serializer writes every generic
/// dictionary with a converter of its own, which, for fields kept this way, puts a nameless object into the envelope
/// (JSON that no reader takes, and the worker parks). A non-generic dictionary is written by System.Text.Json itself.
/// </remarks>
public sealed class UnknownFields : Dictionary<string, JsonElement>
{
}
