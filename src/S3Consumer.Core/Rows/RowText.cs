using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using S3Consumer.Core.Messages;

namespace S3Consumer.Core.Rows;

/// <summary>How a value is written in a row: text columns as text, JSON columns as the JSON sent.</summary>
internal static class RowText
{
    // Non-ASCII text stays as it was sent (UTF-8), not \u-escaped; quotes, backslashes and control characters are escaped.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Text as a JSON string, quotes included.</summary>
    public static void WriteJsonString(string text, IBufferWriter<byte> output)
    {
        // Most text needs no escape: it is written as its UTF-8 straight away, and escaped only where it needs to be.
        var target = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 2);
        var length = Encoding.UTF8.GetBytes(text, target[1..]);
        if (Encoder.FindFirstCharacterToEncodeUtf8(target.Slice(1, length)) < 0)
        {
            target[0] = (byte)'"';
            target[length + 1] = (byte)'"';
            output.Advance(length + 2);
            return;
        }

        output.Write("\""u8);
        output.Write(JsonEncodedText.Encode(text, Encoder).EncodedUtf8Bytes);
        output.Write("\""u8);
    }

    /// <summary>
    /// A token of a text column as a JSON string: a string byte for byte as sent, anything else (a number given as an
    /// id) as the string of its JSON text.
    /// </summary>
    public static void WriteTextToken(ReadOnlySpan<byte> token, IBufferWriter<byte> output)
    {
        if (token[0] == (byte)'"')
        {
            output.Write(token);
        }
        else
        {
            WriteJsonString(Encoding.UTF8.GetString(token), output);
        }
    }

    /// <summary>
    /// A JSON value byte for byte, on one line: valid JSON has line breaks only between tokens (inside strings they are
    /// escaped), so they become spaces, and every value keeps its bytes.
    /// </summary>
    public static void WriteJsonValue(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        var written = output.GetSpan(value.Length)[..value.Length];
        value.CopyTo(written);
        if (value.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            written.Replace((byte)'\n', (byte)' ');
            written.Replace((byte)'\r', (byte)' ');
        }

        output.Advance(value.Length);
    }

    /// <summary>The most characters a token's text can take (<see cref="Decode"/> writes at most this many).</summary>
    public static int MaxChars(ReadOnlySpan<byte> token) => token.Length;

    /// <summary>
    /// The text of a token into <paramref name="destination"/>: a string's value (unescaped), anything else's JSON text;
    /// returns the characters written.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> token, Span<char> destination)
    {
        if (token[0] != (byte)'"')
        {
            return Encoding.UTF8.GetChars(token, destination);
        }

        if (token.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetChars(token[1..^1], destination);
        }

        var reader = new Utf8JsonReader(token, ActionMessageReader.ReaderOptions);
        reader.Read();
        return reader.CopyString(destination);
    }
}
