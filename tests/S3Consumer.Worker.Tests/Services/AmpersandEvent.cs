using System.Globalization;
using System.Text;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// One event as Ampersand's RabbitMQ destination sends it: a read or subscribe message in the webhook shape, or a
/// notification (its data object, with a <c>notificationType</c> header), with the headers Ampersand sets: <c>event-id</c>,
/// <c>topic</c>, <c>timestamp</c> (the delivery attempt's: Unix seconds, or RFC 3339 in whole seconds) and the camelCase
/// metadata. What its object must be: the key, the body byte for byte (<c>Envelope: none</c>) and the metadata.
/// </summary>
internal sealed record AmpersandEvent(string Kind, string Topic, byte[] Body, IReadOnlyDictionary<string, string> Headers, string Key, IReadOnlyDictionary<string, string> Metadata)
{
    private const string ProjectId = "9482e676-4874-43a4-beea-fa8081d13a07";
    private const string InstallationId = "085353b1-07f1-4209-b471-7e028c0a68c8";
    private const string ConnectionId = "7c2a9d4e-3f1b-4e8a-9c6d-2b5f8e1a4d37";

    // The time of the delivery attempt, as the timestamp header gives it; never the key's.
    private static readonly DateTimeOffset Attempt = new(2025, 10, 14, 3, 0, 1, TimeSpan.Zero);

    public bool IsNotification => Kind == "notification";

    /// <summary>
    /// Event <paramref name="number"/>: of every ten, six reads and three subscribes (for destination <c>lake</c>) and a
    /// notification (for <c>notices</c>); every other one with a Unix-seconds timestamp.
    /// </summary>
    public static AmpersandEvent Number(int number)
    {
        var kind = (number % 10) switch { < 6 => "read", < 9 => "subscribe", _ => "notification" };
        var eventId = Guid.CreateVersion7().ToString();
        var attempt = Attempt.AddSeconds(number);
        var timestamp = number % 2 == 0
            ? attempt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            : attempt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var operationTime = string.Create(CultureInfo.InvariantCulture, $"2025-10-14T02:{number / 60 % 60:D2}:{number % 60:D2}.32340530{number % 9 + 1}Z");
        var objectName = kind == "subscribe" ? "company" : "contacts";
        var headers = new Dictionary<string, string>
        {
            ["event-id"] = eventId,
            ["topic"] = $"ampersand.{kind}",
            ["timestamp"] = timestamp,
            ["projectId"] = ProjectId,
            ["installationId"] = InstallationId,
            ["connectionId"] = ConnectionId,
            ["destinationId"] = "amp-destination-7", // Ampersand's own, which the worker does not use
            ["operationId"] = kind == "read" ? $"0199e0a8-149d-7ee9-9f50-{number:D12}" : "",
            ["objectName"] = objectName,
        };
        if (kind == "notification")
        {
            headers["notificationType"] = "read.backfill.done";
        }

        var body = kind switch
        {
            "read" => $$$"""{"action":"read","projectId":"{{{ProjectId}}}","provider":"hubspot","groupRef":"group-id-1","groupName":"group-name-1","installationId":"{{{InstallationId}}}","objectName":"contacts","operationId":"{{{headers["operationId"]}}}","operationTime":"{{{operationTime}}}","resultInfo":{"type":"inline","numRecords":1},"result":[{"fields":{"id":"{{{number}}}","firstname":"Zoë","score":1e400},"raw":{"id":"{{{number}}}"}}]}""",
            "subscribe" => $$$"""{"action":"subscribe","projectId":"{{{ProjectId}}}","provider":"salesforce","groupRef":"group-id-1","groupName":"group-name-1","installationId":"{{{InstallationId}}}","objectName":"company","operationTime":"{{{operationTime}}}","resultInfo":{"type":"inline","numRecords":1},"result":[{"fields":{"id":"001Dp{{{number}}}","website":null},"subscribeEventType":"update","providerEventType":"UPDATE"}]}""",
            _ => $$$"""{"projectId":"{{{ProjectId}}}","provider":"hubspot","groupRef":"group-id-1","groupName":"group-name-1","installationId":"{{{InstallationId}}}","connectionId":"{{{ConnectionId}}}","consumerRef":"user-id","consumerName":"user-name","objectName":"contacts"}""",
        };

        // A notification has no operationTime: its time is the timestamp header's.
        var time = kind == "notification" ? attempt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : operationTime;
        var metadata = new Dictionary<string, string>
        {
            ["x-amz-meta-projectid"] = ProjectId,
            ["x-amz-meta-installationid"] = InstallationId,
            ["x-amz-meta-connectionid"] = ConnectionId,
            ["x-amz-meta-destinationid"] = kind == "notification" ? "notices" : "lake",
            ["x-amz-meta-objectname"] = objectName,
            ["x-amz-meta-event-id"] = eventId,
            ["x-amz-meta-timestamp"] = time,
            ["x-amz-meta-topic"] = headers["topic"],
        };
        if (kind == "read")
        {
            metadata["x-amz-meta-operationid"] = headers["operationId"];
        }

        return new AmpersandEvent(kind, headers["topic"], Encoding.UTF8.GetBytes(body), headers, $"{time}_{eventId}.json", metadata);
    }
}
