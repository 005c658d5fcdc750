using System.Text.Json;

namespace S3Consumer.Tool.Messages;

/// <summary>A message's bytes from a file, or from standard input when the file is <c>-</c>.</summary>
internal static class MessageFile
{
    public static async Task<byte[]> ReadAsync(string path, ToolConsole console, CancellationToken cancellationToken)
    {
        if (path != "-")
        {
            return File.Exists(path)
                ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)
                : throw new FileNotFoundException($"the message file '{path}' does not exist.", path);
        }

        using var buffer = new MemoryStream();
        await using var input = console.Input();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>
    /// The message's action: <c>data.action</c>, or <c>action</c> at the top level for a body in the webhook shape;
    /// null when the body states none or is no JSON object.
    /// </summary>
    public static string? Action(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var holder = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) ? data : root;
            return holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String
                ? action.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
