using System.Buffers;
using System.Text.Json;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Results;

/// <summary>
/// Checks, chunk by chunk as it arrives, that a downloaded document is one JSON array (the records <c>result</c>
/// holds), keeping only the bytes of a token cut between chunks.
/// </summary>
public sealed class RecordsDocumentCheck : IDisposable
{
    private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = JsonLimits.MaxDepth });
    private byte[] carry = [];
    private int carried;
    private long consumed;
    private bool started;

    public void Append(ReadOnlySpan<byte> chunk) => Read(chunk, isFinalBlock: false);

    /// <summary>Checks that the document ended complete.</summary>
    public void Complete() => Read([], isFinalBlock: true);

    public void Dispose()
    {
        if (carry.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(carry);
            carry = [];
        }
    }

    private void Read(ReadOnlySpan<byte> chunk, bool isFinalBlock)
    {
        var input = carried == 0 ? chunk : Join(chunk);
        var reader = new Utf8JsonReader(input, isFinalBlock, state);
        try
        {
            while (reader.Read())
            {
                if (!started)
                {
                    started = true;
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new FormatException($"is {Describe(reader.TokenType)}, not an array of records");
                    }
                }
            }
        }
        catch (JsonException)
        {
            throw new FormatException(started ? $"is not valid JSON (at byte {consumed + reader.BytesConsumed})" : "is not a JSON array of records");
        }

        state = reader.CurrentState;
        consumed += reader.BytesConsumed;
        Keep(input[(int)reader.BytesConsumed..]);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "a JSON object",
        JsonTokenType.String => "a JSON string",
        JsonTokenType.Number => "a JSON number",
        JsonTokenType.True or JsonTokenType.False => "a JSON boolean",
        _ => "JSON null",
    };

    // The carried bytes of a cut token, then the new chunk.
    private ReadOnlySpan<byte> Join(ReadOnlySpan<byte> chunk)
    {
        Reserve(carried + chunk.Length);
        chunk.CopyTo(carry.AsSpan(carried));
        return carry.AsSpan(0, carried + chunk.Length);
    }

    private void Keep(ReadOnlySpan<byte> rest)
    {
        Reserve(rest.Length);
        rest.CopyTo(carry);
        carried = rest.Length;
    }

    private void Reserve(int length)
    {
        if (carry.Length >= length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(length);
        carry.AsSpan(0, carried).CopyTo(larger);
        Dispose();
        carry = larger;
    }
}
