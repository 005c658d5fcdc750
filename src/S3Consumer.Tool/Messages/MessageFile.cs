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
}
