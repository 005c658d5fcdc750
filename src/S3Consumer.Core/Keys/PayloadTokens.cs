using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Keys;

/// <summary>
/// Turns a payload into the Json.NET tokens JmesPath.Net evaluates, reading it with the same reader and depth limit
/// as <see cref="ActionMessageReader"/>, without recursion, and keeping every number a template may show.
/// </summary>
/// <remarks>
/// Numbers: integers stay exact (<see cref="long"/>, or <see cref="BigInteger"/> beyond it); others become
/// <see cref="double"/>, which JMESPath compares and prints (<c>1e300</c> prints <c>1E+300</c>); a number beyond
/// double's range (<c>1e400</c>), or one too small for a double to tell from zero (<c>5e-400</c>), is kept as its text,
/// so a template can still print it but not compare it. Strings that look like dates stay strings. The object written is
/// the delivered bytes either way.
/// </remarks>
public static class PayloadTokens
{
    public static JToken Parse(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span, ActionMessageReader.ReaderOptions);
        var open = new Stack<JContainer>();
        string? name = null;
        JToken? root = null;
        while (reader.Read())
        {
            JToken? value = reader.TokenType switch
            {
                JsonTokenType.PropertyName => null,
                JsonTokenType.StartObject => new JObject(),
                JsonTokenType.StartArray => new JArray(),
                JsonTokenType.EndObject or JsonTokenType.EndArray => null,
                JsonTokenType.String => new JValue(reader.GetString()),
                JsonTokenType.Number => Number(ref reader),
                JsonTokenType.True => new JValue(true),
                JsonTokenType.False => new JValue(false),
                _ => JValue.CreateNull(),
            };

            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                name = reader.GetString();
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                root = open.Pop();
                continue;
            }

            Add(open.Count == 0 ? null : open.Peek(), name, value!);
            root ??= value;
            if (value is JContainer container)
            {
                open.Push(container);
            }
        }

        return root ?? JValue.CreateNull();
    }

    // A name given twice keeps its last value, as Json.NET's own reader does.
    private static void Add(JContainer? parent, string? name, JToken value)
    {
        switch (parent)
        {
            case JObject obj:
                obj[name!] = value;
                break;
            case JArray array:
                array.Add(value);
                break;
        }
    }

    private static JValue Number(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var integer))
        {
            return new JValue(integer);
        }

        var text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
        {
            return new JValue(big);
        }

        return reader.TryGetDouble(out var real) && double.IsFinite(real) && !Underflows(real, text) ? new JValue(real) : new JValue(text);
    }

    // A number whose digits are not all zero that reads as 0: printing the double would say 0.0 for it.
    private static bool Underflows(double real, string text)
    {
        var exponent = text.AsSpan().IndexOfAny('e', 'E');
        return real == 0 && (exponent < 0 ? text.AsSpan() : text.AsSpan(0, exponent)).IndexOfAnyInRange('1', '9') >= 0;
    }
}
