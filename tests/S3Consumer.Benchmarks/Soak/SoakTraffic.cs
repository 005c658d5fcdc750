using System.Globalization;
using System.Text.Json;
using S3Consumer.Contracts;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The messages of a run, each made from the seed and its number alone, so that a seed gives the same traffic again:
/// half from the raw publisher, a fifth typed, the rest as Ampersand sends them (reads, subscribes and notifications
/// through the ingress exchange); the source document's shape and the webhook shape; one in twenty with its result sent by
/// URL; 200 bytes to 5 MB (nine in ten under 4 KB, one in a hundred over 512 KB); one in <see cref="NoRecordsEvery"/> of
/// the raw messages to a destination of rows without records (acknowledged, no row written); and every hundredth
/// message poison, of each kind in turn (<see cref="PoisonMessages"/>).
/// </summary>
internal sealed class SoakTraffic(int seed, SoakIds ids, SoakQueues queues, ResultServer results)
{
    public const int PoisonEvery = 100;

    public const int NoRecordsEvery = 20;

    /// <summary>The end of the kind of a message whose result is sent by URL.</summary>
    public const string ByUrl = ", result by URL";
    private static readonly string[] ObjectNames = ["contacts", "companies", "deals", "leads"];
    private readonly PoisonMessages poison = new(ids, queues, results);

    public SoakMessage Create(long number)
    {
        if (number % PoisonEvery == PoisonEvery / 2)
        {
            return poison.Create(number, PoisonMessages.Kinds[(int)(number / PoisonEvery % PoisonMessages.Kinds.Count)]);
        }

        var random = new Random(Mix(seed, number));
        var draw = random.NextDouble();
        return draw < 0.5 ? Raw(number, random) : draw < 0.7 ? Typed(number, random) : Ampersand(number, random);
    }

    /// <summary>The SHA-256 <paramref name="payload"/> must be read back with at <paramref name="destination"/> (see <see cref="DestinationLayout.Hash"/>).</summary>
    public static byte[] WrittenAs(SoakDestination destination, string payload) => destination.Layout.Hash(Enveloped(destination, payload));

    /// <summary>The rows <paramref name="payload"/> must be at <paramref name="destination"/>; null where it writes messages.</summary>
    public static int? RowsOf(SoakDestination destination, string payload) => destination.Layout.Rows(Enveloped(destination, payload));

    // What the message's own object would hold there.
    private static string Enveloped(SoakDestination destination, string payload) => destination.EnvelopeNone ? payload : SoakBodies.Wrapped(payload);

    private SoakMessage Raw(long number, Random random)
    {
        var id = ids.Of(number);
        var action = random.NextDouble() < 0.7 ? "read" : "subscribe";
        var destination = SoakDestinations.ForShare(random.NextDouble());
        var objectName = ObjectNames[random.Next(ObjectNames.Length)];
        var webhook = random.NextDouble() < 0.2;
        var byUrl = random.NextDouble() < 0.05;
        var noRecords = destination.Layout.WritesRows && random.NextDouble() < 1.0 / NoRecordsEvery;
        byUrl &= !noRecords;
        var (payload, written) = noRecords
            ? (SoakBodies.Payload(id, action, objectName, SoakBodies.NoRecords, "[]"), SoakBodies.Payload(id, action, objectName, SoakBodies.NoRecords, "[]"))
            : Payload(id, action, objectName, Size(random), byUrl);
        var headers = new Dictionary<string, object?>
        {
            ["destination"] = destination.Name,
            ["event-id"] = id,
            [random.NextDouble() < 0.5 ? "connection-id" : "connectionId"] = SoakBodies.ConnectionId,
            ["traceparent"] = ids.TraceParent(number),
        };
        return new SoakMessage(
            number, id, Publisher.Raw, $"raw {action}, {(webhook ? "webhook shape" : "source document's shape")}{Result(byUrl)}{(noRecords ? ", no records" : "")}", "",
            action == "read" ? queues.Read : queues.Subscribe, SoakBodies.Utf8(webhook ? payload : SoakBodies.Wrapped(payload)), headers,
            noRecords ? Expectation.Skip(destination.Name, objectName) : Expectation.Write(destination.Name, objectName))
        {
            Written = WrittenAs(destination, written),
            Rows = RowsOf(destination, written),
        };
    }

    private SoakMessage Typed(long number, Random random)
    {
        var id = ids.Of(number);
        var action = random.NextDouble() < 0.7 ? "read" : "subscribe";
        var destination = SoakDestinations.ForShare(random.NextDouble());
        var objectName = ObjectNames[random.Next(ObjectNames.Length)];
        var (payload, _) = Payload(id, action, objectName, Size(random), byUrl: false);
        var json = SoakBodies.Wrapped(payload, destination.Name);
        object contract = action == "read" ? JsonSerializer.Deserialize<ReadActionMessage>(json)! : JsonSerializer.Deserialize<SubscribeActionMessage>(json)!;
        var headers = new Dictionary<string, object?>
        {
            ["event-id"] = id,
            ["connection-id"] = SoakBodies.ConnectionId,
            ["traceparent"] = ids.TraceParent(number),
        };

        // MassTransit serializes the contract itself, so the bytes its object holds are not the harness's to predict.
        return new SoakMessage(number, id, Publisher.Typed, $"typed {action}", "", action == "read" ? queues.Read : queues.Subscribe, SoakBodies.Utf8(json), headers,
            Expectation.Write(destination.Name, objectName)) { Contract = contract, Rows = RowsOf(destination, payload) };
    }

    private SoakMessage Ampersand(long number, Random random)
    {
        var id = ids.Of(number);
        var kind = random.NextDouble() switch { < 0.6 => "read", < 0.9 => "subscribe", _ => "notification" };
        var objectName = ObjectNames[random.Next(ObjectNames.Length)];
        var size = Size(random);
        var headers = new Dictionary<string, object?>
        {
            ["event-id"] = id,
            ["topic"] = $"ampersand.{kind}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["projectId"] = SoakBodies.ProjectId,
            ["installationId"] = SoakBodies.InstallationId,
            ["connectionId"] = SoakBodies.ConnectionId,
            ["destinationId"] = "amp-destination-1",
            ["operationId"] = kind == "read" ? id : "",
            ["objectName"] = objectName,
            ["traceparent"] = ids.TraceParent(number),
        };
        if (kind == "notification")
        {
            headers["notificationType"] = "read.backfill.done";
            var notification = SoakBodies.Notification(id, objectName, size);
            var notices = SoakDestinations.Named(SoakDestinations.Notifications);
            return new SoakMessage(number, id, Publisher.Ampersand, "Ampersand notification", queues.Exchange, $"ampersand.{kind}", SoakBodies.Utf8(notification), headers,
                Expectation.Write(notices.Name, objectName)) { Written = WrittenAs(notices, notification) };
        }

        // The manifest routes each object name to one destination.
        var destination = SoakDestinations.All.Single(destination => destination.AmpersandObject == objectName);
        var byUrl = random.NextDouble() < 0.05;
        var (payload, written) = Payload(id, kind, objectName, size, byUrl);
        return new SoakMessage(number, id, Publisher.Ampersand, $"Ampersand {kind}{Result(byUrl)}", queues.Exchange, $"ampersand.{kind}", SoakBodies.Utf8(payload), headers,
            Expectation.Write(destination.Name, objectName)) { Written = WrittenAs(destination, written), Rows = RowsOf(destination, written) };
    }

    /// <summary>What a message's kind says of its result: <see cref="ByUrl"/> for one sent by URL.</summary>
    private static string Result(bool byUrl) => byUrl ? ByUrl : "";

    /// <summary>The payload as sent, and as written: the same, but for a result sent by URL, whose records the worker puts in <c>result</c>.</summary>
    private (string Sent, string Written) Payload(string id, string action, string objectName, int bytes, bool byUrl)
    {
        var subscribe = action == "subscribe";
        var records = ResultServer.Records(id, bytes, subscribe);
        if (!byUrl)
        {
            var inline = SoakBodies.Payload(id, action, objectName, SoakBodies.Inline, records);
            return (inline, inline);
        }

        var resultInfo = SoakBodies.Url(results.RecordsUrl(id, bytes, subscribe));
        return (SoakBodies.Payload(id, action, objectName, resultInfo, "[]"), SoakBodies.Payload(id, action, objectName, resultInfo, records));
    }

    /// <summary>200 bytes to 5 MB, evenly on a log scale within each tier: nine in ten to 4 KB, one in eleven to 512 KB, one in a hundred to 5 MB.</summary>
    private static int Size(Random random)
    {
        var tier = random.NextDouble();
        var (least, most) = tier < 0.9 ? (200, 4 * 1024) : tier < 0.99 ? (4 * 1024, 512 * 1024) : (512 * 1024, 5 * 1024 * 1024);
        return (int)(least * Math.Pow((double)most / least, random.NextDouble()));
    }

    // A seed per message from the run's seed and its number; System.Random with a seed gives the same numbers on every .NET.
    private static int Mix(int seed, long number) =>
        (int)((((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)number * 0xC2B2AE3D27D4EB4FUL)) >> 33);
}
