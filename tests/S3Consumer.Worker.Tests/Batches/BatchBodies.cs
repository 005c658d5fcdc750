using System.Globalization;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Tests.Batches;

/// <summary>Raw read messages that differ by number, each on one line, so a batch object's line is the body as sent.</summary>
internal static class BatchBodies
{
    /// <summary>
    /// The message <paramref name="number"/>: <c>{"data": {...}}</c>, which is also its line in a batch object. Every
    /// body of one <paramref name="padding"/> has the same length.
    /// </summary>
    public static string Of(int number, int padding = 0) =>
        $$$"""{"data":{"action":"read","projectId":"p-1","installationId":"i-1","objectName":"contacts","operationTime":"2025-10-14T02:58:59.323405308Z","result":[{"fields":{"id":"{{{number:D6}}}","note":"{{{new string('x', padding)}}}"}}]}}""";

    /// <summary>The message <paramref name="number"/> of a group, object and day (its operationTime's date), as Ampersand sends a read.</summary>
    public static string Of(int number, string groupRef, string objectName, string date, int padding = 0) =>
        $$$"""{"data":{"action":"read","projectId":"p-1","installationId":"i-1","groupRef":"{{{groupRef}}}","objectName":"{{{objectName}}}","operationTime":"{{{date}}}T02:58:59.323405308Z","result":[{"fields":{"id":"{{{number:D6}}}","note":"{{{new string('x', padding)}}}"}}]}}""";

    /// <summary>The number a line or body carries.</summary>
    public static int NumberOf(string line) => int.Parse(line.AsSpan(line.IndexOf("\"id\":\"", StringComparison.Ordinal) + 6, 6), CultureInfo.InvariantCulture);

    public static Task PublishAsync(this Broker broker, string queue, int number, string destination = "lake", int padding = 0) =>
        broker.PublishRawAsync(queue, Encoding.UTF8.GetBytes(Of(number, padding)),
            new Dictionary<string, string> { ["destination"] = destination, ["event-id"] = EventId(number) }, messageId: EventId(number));

    /// <summary>Sends a body of <see cref="Of(int, string, string, string, int)"/> as <paramref name="number"/>'s, to destination <c>lake</c>.</summary>
    public static Task PublishAsync(this Broker broker, string queue, int number, string body) =>
        broker.PublishRawAsync(queue, Encoding.UTF8.GetBytes(body),
            new Dictionary<string, string> { ["destination"] = "lake", ["event-id"] = EventId(number) }, messageId: EventId(number));

    public static string EventId(int number) => $"event-{number:D6}";

    /// <summary>
    /// A message as a batch takes it, for tests below the broker: data <c>{"n": number}</c>, event-id <c>event-number</c>,
    /// object name <c>contacts</c> unless given.
    /// </summary>
    public static BatchMessage Message(int number, string destinationId = "lake", string objectName = "contacts")
    {
        Assert.True(EventTime.TryParse("2025-10-14T02:58:59.323405308Z", out var eventTime));
        var metadata = new ObjectMetadata
        {
            DestinationId = destinationId, EventId = $"event-{number}", Timestamp = "2025-10-14T02:58:59.323405308Z", Topic = "s3consumer-read", ObjectName = objectName,
        };
        return new BatchMessage(new ObjectContent(Encoding.UTF8.GetBytes($$"""{"n":{{number}}}""")), metadata, eventTime);
    }
}
