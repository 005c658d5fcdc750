using System.Text;
using System.Text.Json;
using CsCheck;
using RabbitMQ.Client;
using static S3Consumer.Testing.JsonValues;

namespace S3Consumer.Worker.Tests.Fuzz;

/// <summary>
/// One generated message: its body and headers as a raw publisher sends them, and what README.md's rules say must
/// become of it: written, its object holding <see cref="Payload"/> (a message built valid, or a mutation that left it
/// so), or parked with a reason that starts with the category <see cref="Refused"/> (README.md's "Reasons" table).
/// </summary>
internal sealed record FuzzMessage(
    string Variation, byte[] Body, Dictionary<string, object?> Headers, long? AmqpTimestamp, byte[]? Payload, string? Refused = null)
{
    public override string ToString() => $"{Variation}: {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 400)])} headers [{string.Join(", ", Headers.Select(h => $"{h.Key}={h.Value} ({h.Value?.GetType().Name})"))}] amqp-ts {AmqpTimestamp}";
}

/// <summary>CsCheck generators of valid messages in every legal variation, and of mutations of them.</summary>
internal static class FuzzMessages
{
    private static readonly string[] TimeTexts =
        ["2025-10-14T02:58:59.323405308Z", "2025-10-14t02:58:59z", "2025-10-14T04:58:59.3234053089999+02:00", "2025-10-13T21:28:59-05:30", "2016-12-31T23:59:60Z", "2025-10-14T02:58:59.1Z"];

    private static readonly string[] Shapes = ["wrapped", "wrapped, destination in the body", "webhook"];

    /// <summary>
    /// A <c>timestamp</c> header in each form Ampersand's releases and AMQP clients send: RFC 3339 in whole seconds, Unix
    /// seconds or milliseconds as text or as a number, seconds with a fraction.
    /// </summary>
    private static readonly Gen<object> UnixTimestamp = Gen.OneOf(
        Gen.Const<object>("2025-10-14T02:58:59Z"u8.ToArray()), Gen.Const<object>("1760410739"u8.ToArray()), Gen.Const<object>("1760410739323"u8.ToArray()),
        Gen.Const<object>(1_760_410_739L), Gen.Const<object>(1_760_410_739_323L), Gen.Const<object>("1760410739.323405308"u8.ToArray()));

    /// <summary>A <c>timestamp-ms</c> header: Unix milliseconds as text or a number, or RFC 3339 with nanoseconds as newer releases send it.</summary>
    private static readonly Gen<object> MillisecondsTimestamp = Gen.OneOf(
        Gen.Const<object>("1760410739323"u8.ToArray()), Gen.Const<object>(1_760_410_739_323L), Gen.Const<object>("2025-10-14T02:58:59.323405308Z"u8.ToArray()));

    /// <summary>Ampersand's camelCase metadata headers, every one a string (empty where it has no value), or none of them.</summary>
    private static readonly Gen<Dictionary<string, object?>> AmpersandHeaders = Gen.Frequency(
        (1, Gen.Const(new Dictionary<string, object?>())),
        (1, Gen.Select(Text, Text, Text, Gen.Bool).Select((id, name, destination, operation) => new Dictionary<string, object?>
        {
            ["projectId"] = Encoding.UTF8.GetBytes(id), ["installationId"] = Encoding.UTF8.GetBytes(id), ["objectName"] = Encoding.UTF8.GetBytes(name),
            ["destinationId"] = Encoding.UTF8.GetBytes(destination), ["operationId"] = operation ? Encoding.UTF8.GetBytes(id) : ""u8.ToArray(),
        })));

    /// <summary>A header value of any AMQP type a client may send.</summary>
    public static Gen<object> HeaderValue { get; } = Gen.OneOf(
        Text.Select(text => (object)Encoding.UTF8.GetBytes(text)),
        Gen.Int.Select(value => (object)value), Gen.Long.Select(value => (object)value), Gen.Short.Select(value => (object)value),
        Gen.SByte.Select(value => (object)value), Gen.Byte.Select(value => (object)value),
        Gen.Double.Select(value => (object)value), Gen.Float.Select(value => (object)value),
        Gen.Select(Gen.Int[-999_999_999, 999_999_999], Gen.Byte[0, 9], (value, scale) => (object)new decimal(Math.Abs(value), 0, 0, value < 0, scale)), // AMQP's decimal: a scale and an int32
        Gen.Bool.Select(value => (object)value),
        Gen.Long[0, 4_000_000_000].Select(value => (object)new AmqpTimestamp(value)));

    /// <summary>A message that must be written: every legal variation of shape, fields, time, numbers, text, headers.</summary>
    public static Gen<FuzzMessage> Valid { get; } =
        from shape in Gen.OneOf(Shapes.Select(Gen.Const).ToArray())
        from fields in Gen.Select(JsonString, JsonString, JsonString).Array[1, 1]
        from records in Gen.Select(Value, Value).Array[0, 3]
        from extra in Value
        from time in Gen.Int[0, 4]
        from timeText in Gen.OneOf(TimeTexts.Select(Gen.Const).ToArray())
        from milliseconds in Gen.Bool
        from unix in UnixTimestamp
        from unixMilliseconds in MillisecondsTimestamp
        from space in Space
        from connection in HeaderValue
        from camelConnection in Gen.Bool
        from topic in HeaderValue
        from ampersand in AmpersandHeaders
        select Build(shape, fields[0], records, extra, new Times(time, timeText, milliseconds, unix, unixMilliseconds), space,
            new Dictionary<string, object?>(ampersand) { [camelConnection ? "connectionId" : "connection-id"] = connection, ["topic"] = topic });

    /// <summary>
    /// Valid messages mutated: types swapped, fields dropped or duplicated, bytes broken, nesting too deep, bad headers;
    /// each refused with the category README.md's "Reasons" gives that fault.
    /// </summary>
    public static Gen<FuzzMessage> Mutated { get; } =
        from message in Valid
        from mutation in Gen.Int[0, 9]
        from at in Gen.Double[0, 1]
        from value in Gen.OneOf(Number, Gen.Const("{}"), Gen.Const("[1]"), Gen.Const("true"))
        select Mutate(message, mutation, at, value);

    /// <summary>Valid and mutated messages, half and half.</summary>
    public static Gen<FuzzMessage> Any { get; } = Gen.OneOf(Valid, Mutated);

    /// <summary>
    /// Where the message's time is: 0 the payload's operationTime (with Ampersand's timestamp header of the delivery
    /// attempt beside it, which must not matter), 1 an RFC 3339 timestamp header, 2 the AMQP timestamp (seconds or
    /// milliseconds), 3 a timestamp header in Unix form, 4 a timestamp-ms header (and a timestamp header it wins over).
    /// </summary>
    private sealed record Times(int Where, string Text, bool Milliseconds, object Unix, object UnixMilliseconds);

    private static FuzzMessage Build(
        string shape, (string ProjectId, string ObjectName, string Installation) fields, (string Fields, string Raw)[] records, string extra,
        Times times, string space, Dictionary<string, object?> headers)
    {
        var time = times.Where;
        var members = new List<string>
        {
            "\"action\":" + space + "\"read\"",
            "\"projectId\":" + fields.ProjectId,
            "\"objectName\":" + fields.ObjectName,
            "\"installationId\":" + fields.Installation,
            "\"extra\":" + space + extra,
            "\"result\":[" + string.Join("," + space, records.Select(record => $"{{\"fields\":{record.Fields},{space}\"raw\":{record.Raw}}}")) + "]",
        };
        if (time == 0)
        {
            members.Add($"\"operationTime\":\"{times.Text}\"");
        }

        var payload = "{" + space + string.Join("," + space, members) + space + "}";
        var body = shape switch
        {
            "webhook" => payload,
            "wrapped" => "{" + space + "\"data\":" + space + payload + space + "}",
            _ => "{\"destination\":\"lake\"," + space + "\"data\":" + payload + "}",
        };
        if (shape != "wrapped, destination in the body")
        {
            headers["destination"] = "lake"u8.ToArray();
        }

        switch (time)
        {
            case 0 or 3:
                headers["timestamp"] = times.Unix;
                break;
            case 1:
                headers["timestamp"] = Encoding.UTF8.GetBytes(times.Text);
                break;
            case 4:
                (headers["timestamp-ms"], headers["timestamp"]) = (times.UnixMilliseconds, times.Unix);
                break;
        }

        long? amqp = time == 2 ? (times.Milliseconds ? 1_760_410_739_323 : 1_760_410_739) : null;
        return new FuzzMessage($"valid {shape}", Encoding.UTF8.GetBytes(body), headers, amqp, Encoding.UTF8.GetBytes(payload));
    }

    private static FuzzMessage Mutate(FuzzMessage message, int mutation, double at, string value)
    {
        var text = Encoding.UTF8.GetString(message.Body);
        var headers = new Dictionary<string, object?>(message.Headers);
        var namesDestination = message.Variation.EndsWith("destination in the body", StringComparison.Ordinal);
        var (variation, body, refused) = mutation switch
        {
            0 => ("type swapped (projectId)", Replace(text, "\"projectId\":", $"\"projectId\":{value},\"unused\":"), "Wrong type"),
            1 => ("type swapped (result)", Replace(text, "\"result\":", $"\"result\":{value},\"unused\":"), "Wrong type"),
            2 => ("field dropped (action)", Replace(text, "\"action\":", "\"unusedAction\":"), "Missing field"),
            3 => ("field duplicated (Action)", Replace(text, "\"action\":", "\"Action\":\"read\",\"action\":"), "Ambiguous message"),
            // The webhook shape has no data to give twice: that message stays valid.
            4 => ("field duplicated (data)", Replace(text, "\"data\":", "\"Data\":{},\"data\":"), "Ambiguous message"),
            5 => ("truncated", text[..(int)(at * text.Length)], "Invalid JSON"),
            6 => ("deep nesting", Replace(text, "\"extra\":", $"\"extra\":{new string('[', 520 + (int)(at * 100))}{new string(']', 520 + (int)(at * 100))},\"unused\":"), "Invalid JSON"),
            // A header that names another destination than the body's field is a conflict, not an unknown destination.
            7 => ("unknown destination", text, namesDestination ? "Ambiguous message" : "Unknown destination"),
            8 => ("bad header", text, "Bad header"),
            _ => ("invalid UTF-8", text, "Invalid JSON"),
        };

        var bytes = Encoding.UTF8.GetBytes(body);
        if (mutation == 9)
        {
            bytes = [.. bytes.AsSpan(0, (int)(at * bytes.Length)), 0xC3, 0x28, .. bytes.AsSpan((int)(at * bytes.Length))];
        }

        if (mutation == 7)
        {
            headers["destination"] = "nowhere"u8.ToArray();
        }

        if (mutation == 8)
        {
            // Read only where no camelCase connectionId comes first.
            headers.Remove("connectionId");
            headers["connection-id"] = at < 0.5 ? new Dictionary<string, object?> { ["nested"] = 1 } : new byte[] { 0xFF, 0xFE };
        }

        // A mutation that changed nothing (a truncation at the end, data duplicated where there is none) leaves a valid message.
        return mutation < 7 && body == text
            ? message with { Variation = $"{variation}: unchanged" }
            : new FuzzMessage(variation, bytes, headers, message.AmqpTimestamp, Payload: null, refused);
    }

    private static string Replace(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + what.Length));
    }
}
