using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;

namespace S3Consumer.Testing;

/// <summary>
/// CsCheck generators of JSON text as publishers send it: strings of any text, escaped as JSON requires or not where
/// it allows; numbers no .NET type holds (1e400, 23 digits, -0); nesting. Each value is the text sent, to compare byte
/// for byte with what is written.
/// </summary>
public static class JsonValues
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Numbers =
        ["0", "-0", "1e300", "1e400", "-1e400", "1e-400", "5e-324", "12345678901234567890123", "-9223372036854775809", "3.14159", "1E+2", "-12.5e-3", "0.1"];

    // Text: ASCII, Latin, CJK, emoji (surrogate pairs), control characters; escaped as JSON requires, or not where it allows.
    public static Gen<string> Text { get; } = Gen.OneOf(
        Gen.String[Gen.Char["abcXYZ019 -_./:"], 0, 12],
        Gen.String[Gen.Char["éñüßø日本語中文\u0001\t\"\\/"], 0, 8],
        Gen.Const("😀 Zoë"), Gen.String[0, 10]);

    public static Gen<string> JsonString { get; } = Gen.Select(Text, Gen.Bool, (text, relaxed) => JsonSerializer.Serialize(text, relaxed ? Relaxed : JsonSerializerOptions.Default));

    public static Gen<string> Number { get; } = Gen.OneOf(
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

    public static Gen<string> Space { get; } = Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("\n\t "), Gen.Const("\r\n"));
}
