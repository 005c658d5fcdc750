using System.Text.Json;

namespace S3Consumer.Core.Objects;

/// <summary>
/// How a message carries its records (Ampersand's webhook schema, <c>resultInfo</c>): <c>inline</c> in
/// <c>result</c>, or at <see cref="DownloadUrl"/> when <see cref="Type"/> is <c>url</c>.
/// </summary>
public sealed record ResultInfo(string? Type, string? DownloadUrl)
{
    public const string UrlType = "url";

    public bool IsUrl => Type == UrlType;

    /// <summary>The payload's top-level <c>resultInfo</c>, or null where it has none; only its string members are read.</summary>
    public static ResultInfo? Read(ReadOnlyMemory<byte> data)
    {
        // Most payloads carry none; a vectorized search spares them a parse.
        if (data.Span.IndexOf("\"resultInfo\""u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(data.Span, new JsonReaderOptions { MaxDepth = JsonLimits.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isResultInfo = reader.ValueTextEquals("resultInfo"u8);
            reader.Read();
            if (isResultInfo && reader.TokenType == JsonTokenType.StartObject)
            {
                return ReadMembers(ref reader);
            }

            reader.Skip();
        }

        return null;
    }

    private static ResultInfo ReadMembers(ref Utf8JsonReader reader)
    {
        string? type = null;
        string? downloadUrl = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("downloadUrl"u8) ? 2 : 0;
            reader.Read();
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            (type, downloadUrl) = name switch { 1 => (text, downloadUrl), 2 => (type, text), _ => (type, downloadUrl) };
            reader.Skip();
        }

        return new ResultInfo(type, downloadUrl);
    }

    // The download URL is signed: a credential that must never be printed.
    public override string ToString() => $"ResultInfo {{ Type = {Type} }}";
}
