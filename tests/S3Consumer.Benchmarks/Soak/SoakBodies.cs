using System.Text;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The JSON of the soak's messages, compact (so that a batch line holds it as it is): a read or subscribe payload of
/// Ampersand's webhook shape, which is also what the source document's <c>data</c> holds, and notifications. Every
/// payload carries its soak id as <c>soakId</c>, beside the fields the worker reads, and in each record.
/// </summary>
internal static class SoakBodies
{
    public const string ProjectId = "9482e676-4874-43a4-beea-fa8081d13a07";
    public const string InstallationId = "085353b1-07f1-4209-b471-7e028c0a68c8";
    public const string ConnectionId = "7c2a9d4e-3f1b-4e8a-9c6d-2b5f8e1a4d37";
    public const string Provider = "hubspot";
    public const string OperationTime = "2025-10-14T02:58:59.323405308Z";

    /// <summary>
    /// A read or subscribe payload; <paramref name="objectName"/> null leaves it out. <paramref name="resultInfo"/> is the
    /// JSON of <c>resultInfo</c>, <paramref name="result"/> the records (<c>[]</c> for a result sent by URL).
    /// </summary>
    public static string Payload(string id, string action, string? objectName, string resultInfo, string result, string projectId = $"\"{ProjectId}\"") =>
        $"{{\"action\":\"{action}\",\"projectId\":{projectId},\"provider\":\"{Provider}\",\"groupRef\":\"group-1\",\"groupName\":\"Group 1\"," +
        $"\"installationId\":\"{InstallationId}\",{(objectName is null ? "" : $"\"objectName\":\"{objectName}\",")}" +
        $"{(action == "read" ? $"\"operationId\":\"{id}\"," : "")}\"operationTime\":\"{OperationTime}\",\"soakId\":\"{id}\"," +
        $"\"resultInfo\":{resultInfo},\"result\":{result}}}";

    public static string Inline => "{\"type\":\"inline\",\"numRecords\":1}";

    /// <summary>The result of a message without records.</summary>
    public static string NoRecords => "{\"type\":\"inline\",\"numRecords\":0}";

    public static string Url(string downloadUrl) => $"{{\"type\":\"url\",\"downloadUrl\":\"{downloadUrl}\",\"numRecords\":1}}";

    /// <summary>The source document's shape: <c>{"data": payload}</c>, optionally naming its destination.</summary>
    public static string Wrapped(string payload, string? destination = null) =>
        destination is null ? $"{{\"data\":{payload}}}" : $"{{\"destination\":\"{destination}\",\"data\":{payload}}}";

    /// <summary>A notification as Ampersand sends it: the notification's data object, about <paramref name="bytes"/> long.</summary>
    public static string Notification(string id, string objectName, int bytes) =>
        $"{{\"projectId\":\"{ProjectId}\",\"provider\":\"{Provider}\",\"groupRef\":\"group-1\",\"groupName\":\"Group 1\",\"installationId\":\"{InstallationId}\"," +
        $"\"connectionId\":\"{ConnectionId}\",\"objectName\":\"{objectName}\",\"soakId\":\"{id}\",\"note\":\"{new string('n', Math.Max(1, bytes - 400))}\"}}";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
