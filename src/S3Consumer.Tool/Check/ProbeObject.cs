using System.Globalization;
using System.Text.Json;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;

namespace S3Consumer.Tool.Check;

/// <summary>
/// The object <c>check</c> writes: <c>s3consumer-check/&lt;UTC time&gt;-&lt;guid&gt;.json</c>, a small <c>{"data": {...}}</c>
/// body with the worker's metadata, under the destination's storage class. The worker's permissions are
/// <c>s3:PutObject</c> only, so the probe cannot delete it: a lifecycle rule on the prefix can.
/// </summary>
internal static class ProbeObject
{
    public const string Prefix = "s3consumer-check/";

    public static ObjectWrite For(Destination destination, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now).ToString();
        var time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var metadata = new ObjectMetadata
        {
            DestinationId = destination.Id,
            EventId = id,
            Timestamp = time,
            Topic = "s3consumer check",
        };
        var data = JsonSerializer.SerializeToUtf8Bytes(new { action = "check", destination = destination.Id, checkedAt = time });
        return new ObjectWrite(
            destination,
            $"{Prefix}{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{id}.json",
            S3UserMetadata.Encode(metadata, destination.Name),
            new ObjectContent(data));
    }
}
