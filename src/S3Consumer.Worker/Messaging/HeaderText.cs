using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using S3Consumer.Core.Keys;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// A header's value as its natural text, whatever AMQP type a publisher gave it: a Node or Python client sends
/// numbers, booleans and timestamps as such, not as strings. A timestamp follows the rule of the AMQP timestamp
/// property (<see cref="EventTime.TryFromUnixTimestamp"/>: seconds, or milliseconds when larger).
/// </summary>
internal static class HeaderText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The value as text, null when absent or void; false (with why) for a value that has no text: a list, a table, bytes that are not UTF-8.</summary>
    public static bool TryRead(object? value, out string? text, out string? problem)
    {
        problem = null;
        text = value switch
        {
            null => null,
            string s => s,
            byte[] bytes => Utf8(bytes, ref problem),
            BinaryTableValue binary => Utf8(binary.Bytes, ref problem),
            bool flag => flag ? "true" : "false",
            AmqpTimestamp timestamp => EventTime.TryFromUnixTimestamp(timestamp.UnixTime, out var time)
                ? TimeFields.Rfc3339Nano(time)
                : Problem($"the timestamp {timestamp.UnixTime}, no time between the years 1 and 9999: send seconds or milliseconds since 1970", ref problem),
            DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            JsonElement { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } element => element.GetRawText(),
            JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            float real => real.ToString("R", CultureInfo.InvariantCulture),
            double real => real.ToString("R", CultureInfo.InvariantCulture),
            IFormattable number and (sbyte or byte or short or ushort or int or uint or long or ulong or decimal) =>
                number.ToString(null, CultureInfo.InvariantCulture),
            IDictionary or IList or JsonElement => Problem(NoText("a table or a list"), ref problem),
            _ => Problem(NoText($"a {value.GetType().Name}"), ref problem),
        };
        return problem is null;
    }

    private static string? Utf8(byte[] bytes, ref string? problem)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Problem(NoText("bytes that are not UTF-8 text"), ref problem);
        }
    }

    private static string NoText(string what) => $"{what}, not text: send it as a string";

    private static string? Problem(string why, ref string? problem)
    {
        problem = why;
        return null;
    }
}
