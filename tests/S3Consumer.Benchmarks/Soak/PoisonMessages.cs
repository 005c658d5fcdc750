using System.Globalization;
using S3Consumer.Core;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// A poison message of each kind README.md's reasons table lists, sent by the raw publisher to the read queue (the
/// wrong-queue one is a subscribe message): each must end in <c>&lt;read queue&gt;_error</c> with a reason of its kind.
/// </summary>
internal sealed class PoisonMessages(SoakIds ids, SoakQueues queues, ResultServer results)
{
    public static IReadOnlyList<UndeliverableReason> Kinds { get; } = Enum.GetValues<UndeliverableReason>();

    public SoakMessage Create(long number, UndeliverableReason kind)
    {
        var id = ids.Of(number);
        var payload = SoakBodies.Payload(id, "read", "contacts", SoakBodies.Inline, ResultServer.Records(id, 300, subscribe: false));
        var headers = new Dictionary<string, object?>
        {
            ["destination"] = "objects",
            ["event-id"] = id,
            ["traceparent"] = ids.TraceParent(number),
        };
        var body = SoakBodies.Wrapped(payload);
        switch (kind)
        {
            case UndeliverableReason.UnknownDestination:
                headers["destination"] = SoakDestinations.Unknown;
                break;
            case UndeliverableReason.InvalidJson:
                body = body[..(body.Length / 2)];
                break;
            case UndeliverableReason.WrongType:
                body = SoakBodies.Wrapped(SoakBodies.Payload(id, "read", "contacts", SoakBodies.Inline, "[]", projectId: "12345"));
                break;
            case UndeliverableReason.MissingField:
                body = $"{{\"soakId\":\"{id}\",\"payload\":{payload}}}";
                break;
            case UndeliverableReason.AmbiguousMessage:
                body = $"{{\"data\":{payload},\"Data\":{{\"soakId\":\"{id}\"}}}}";
                break;
            case UndeliverableReason.WrongQueue:
                body = SoakBodies.Wrapped(SoakBodies.Payload(id, "subscribe", "contacts", SoakBodies.Inline, "[]"));
                break;
            case UndeliverableReason.BadHeader:
                headers["connection-id"] = new Dictionary<string, object?> { ["soakId"] = id };
                break;
            case UndeliverableReason.InvalidObjectKey:
                // The destination's template starts with metadata.objectName, which this message lacks.
                body = SoakBodies.Wrapped(SoakBodies.Payload(id, "read", objectName: null, SoakBodies.Inline, "[]"));
                break;
            case UndeliverableReason.MetadataTooLarge:
                headers["connection-id"] = new string('m', 2100);
                break;
            case UndeliverableReason.RejectedByS3:
                // The fault proxy in front of this destination refuses the PUT of this object name alone, as S3 refuses one object.
                headers["destination"] = SoakDestinations.Throttled;
                body = SoakBodies.Wrapped(SoakBodies.Payload(id, "read", SoakDestinations.TooLarge, SoakBodies.Inline, ResultServer.Records(id, 300, subscribe: false)));
                break;
            case UndeliverableReason.DestinationUnavailable:
                headers["destination"] = SoakDestinations.Dead;
                headers["s3consumer-held-since"] = DateTime.UtcNow.AddDays(-30).ToString("O", CultureInfo.InvariantCulture);
                break;
            case UndeliverableReason.ResultDownload:
                body = SoakBodies.Wrapped(SoakBodies.Payload(id, "read", "contacts", SoakBodies.Url(results.GoneUrl(id)), "[]"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "No poison of this kind: add one.");
        }

        return new SoakMessage(number, id, Publisher.Raw, $"poison: {UndeliverableReasons.Prefix(kind)}", "", queues.Read, SoakBodies.Utf8(body), headers,
            Expectation.Park(SoakQueues.ErrorQueue(queues.Read), kind));
    }
}
