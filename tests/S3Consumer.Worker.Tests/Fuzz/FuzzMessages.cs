using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using RabbitMQ.Client;

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
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Numbers =
        ["0", "-0", "1e300", "1e400", "-1e400", "1e-400", "5e-324", "12345678901234567890123", "-9223372036854775809", "3.14159", "1E+2", "-12.5e-3", "0.1"];

    // Text: ASCII, Latin, CJK, emoji (surrogate pairs), control characters; escaped as JSON requires, or not where it allows.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abcXYZ019 -_./:"], 0, 12],
        Gen.String[Gen.Char["éñüßø日本語中文\u0001\t\"\\/"], 0, 8],
        Gen.Const("😀 Zoë"), Gen.String[0, 10]);

    private static readonly Gen<string> JsonString = Gen.Select(Text, Gen.Bool, (text, relaxed) => JsonSerializer.Serialize(text, relaxed ? Relaxed : JsonSerializerOptions.Default));

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.OneOf(Numbers.Select(Gen.Const).ToArray()),
        Gen.Long.Select(value => value.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(value => value.ToString("R", CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Scalar = Gen.Frequency((3, JsonString), (3, Number), (1, Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("null"))));

    /// <summary>Any JSON value, nested a few levels with objects and lists, or deeply (up to 400 levels) with lists.</summary>
    public static Gen<string> Value { get; } = Gen.Frequency(
        (6, Nested(3)),
        (1, Gen.Int[1, 400].Select(Scalar, (depth, inner) => new string('[', depth) + inner + new string(']', depth))));

    private static Gen<string> Nested(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Nested(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(JsonString, Nested(depth - 1)).Array[0, 3].Select(members => "{" + string.Join(",", members.Select(member => member.Item1 + ":" + member.Item2)) + "}")));

    private static readonly Gen<string> Space = Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("\n\t "), Gen.Const("\r\n"));

    private static readonly string[] TimeTexts =
        ["2025-10-14T02:58:59.323405308Z", "2025-10-14t02:58:59z", "2025-10-14T04:58:59.3234053089999+02:00", "2025-10-13T21:28:59-05:30", "2016-12-31T23:59:60Z", "2025-10-14T02:58:59.1Z"];

    private static readonly string[] Shapes = ["wrapped", "wrapped, destination in the body", "webhook"];

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
        from time in Gen.Int[0, 3]
        from timeText in Gen.OneOf(TimeTexts.Select(Gen.Const).ToArray())
        from milliseconds in Gen.Bool
        from space in Space
        from connection in HeaderValue
        from topic in HeaderValue
        select Build(shape, fields[0], records, extra, time, timeText, milliseconds, space, connection, topic);

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

    private static FuzzMessage Build(
        string shape, (string ProjectId, string ObjectName, string Installation) fields, (string Fields, string Raw)[] records, string extra,
        int time, string timeText, bool milliseconds, string space, object connection, object topic)
    {
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
            members.Add($"\"operationTime\":\"{timeText}\"");
        }

        var payload = "{" + space + string.Join("," + space, members) + space + "}";
        var body = shape switch
        {
            "webhook" => payload,
            "wrapped" => "{" + space + "\"data\":" + space + payload + space + "}",
            _ => "{\"destination\":\"lake\"," + space + "\"data\":" + payload + "}",
        };
        var headers = new Dictionary<string, object?> { ["connection-id"] = connection, ["topic"] = topic };
        if (shape != "wrapped, destination in the body")
        {
            headers["destination"] = "lake"u8.ToArray();
        }

        if (time == 1)
        {
            headers["timestamp"] = Encoding.UTF8.GetBytes(timeText);
        }

        long? amqp = time >= 2 ? (milliseconds ? 1_760_410_739_323 : 1_760_410_739) : null;
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
