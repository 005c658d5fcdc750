using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MassTransit.Serialization;
using S3Consumer.Contracts;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// JSON options that read a message's header fields only. The worker writes <c>data</c> as the delivered bytes, so
/// building its records (<c>result</c>) and unknown fields would only copy the payload once more: they are skipped.
/// </summary>
internal static class HeaderFieldsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(SystemTextJsonMessageSerializer.Options);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(SkipPayloadContent);
        options.MakeReadOnly();
        return options;
    }

    private static void SkipPayloadContent(JsonTypeInfo type)
    {
        if (!type.Type.IsAssignableTo(typeof(ActionData)))
        {
            return;
        }

        foreach (var property in type.Properties.Where(property => property.PropertyType != typeof(string)).ToList())
        {
            type.Properties.Remove(property);
        }
    }
}
