using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MassTransit.Serialization;
using S3Consumer.Contracts;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// JSON options that read a message's header fields and check the shape of the rest, keeping none of the payload. The
/// worker writes <c>data</c> as the delivered bytes, so building its records (<c>result</c>: their <c>fields</c>,
/// <c>raw</c> and <c>rawEvent</c>) or unknown fields would only copy the payload once more.
/// </summary>
internal static class HeaderFieldsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(SystemTextJsonMessageSerializer.Options);
        options.Converters.Add(new RecordsCheckedNotKept<ReadRecord>());
        options.Converters.Add(new RecordsCheckedNotKept<SubscribeRecord>());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(SkipPayloadValues);
        options.MakeReadOnly();
        return options;
    }

    // Any JSON fits these properties, so skipping them checks as much as reading them would.
    private static void SkipPayloadValues(JsonTypeInfo type)
    {
        if (!type.Type.IsAssignableTo(typeof(ActionData)) && !type.Type.IsAssignableTo(typeof(ReadRecord)))
        {
            return;
        }

        foreach (var property in type.Properties.Where(property => property.IsExtensionData || property.PropertyType == typeof(JsonElement)).ToList())
        {
            type.Properties.Remove(property);
        }
    }
}
