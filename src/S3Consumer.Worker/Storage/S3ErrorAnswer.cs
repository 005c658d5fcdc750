using System.Buffers;
using System.Net;
using System.Xml;
using Amazon.Runtime;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// S3's answer to a PUT it refused, read as the SDK reads it: the error document's code, message and request id on an
/// <see cref="S3RefusalException"/> (an <see cref="Amazon.S3.AmazonS3Exception"/>), with the parts that decide or explain a
/// refusal, which <see cref="S3Failures"/> sorts and the <c>check</c> command explains.
/// </summary>
internal static class S3ErrorAnswer
{
    /// <summary>More than any error document S3 sends; a proxy's HTML page is cut short here.</summary>
    private const int MaxBytes = 64 * 1024;

    // The elements that decide or explain a refusal; the others (HostId, the bytes of a string to sign) are skipped.
    private static readonly HashSet<string> Elements = new(["Code", "Message", "RequestId", "ArgumentName", "StringToSign", "CanonicalRequest"], StringComparer.Ordinal);

    private static readonly XmlReaderSettings Xml = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };

    public static async Task<S3RefusalException> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(response);
        var document = Parse(await ReadBodyAsync(response.Content, cancellation).ConfigureAwait(false));
        var status = response.StatusCode;
        return new S3RefusalException(
            document.GetValueOrDefault("Message") ?? $"{(int)status} {response.ReasonPhrase}",
            status < HttpStatusCode.InternalServerError ? ErrorType.Sender : ErrorType.Receiver,
            document.GetValueOrDefault("Code") ?? (status == HttpStatusCode.PreconditionFailed ? "PreconditionFailed" : null),
            document.GetValueOrDefault("RequestId") ?? Header(response, "x-amz-request-id"),
            status,
            Header(response, "x-amz-id-2"))
        {
            ArgumentName = document.GetValueOrDefault("ArgumentName"),
            StringToSign = document.GetValueOrDefault("StringToSign"),
            CanonicalRequest = document.GetValueOrDefault("CanonicalRequest"),
        };
    }

    /// <summary>The text of the elements of an <c>Error</c> document that are read (<c>Code</c>, <c>Message</c>, ...), none empty; none for anything else.</summary>
    internal static Dictionary<string, string> Parse(string document)
    {
        var elements = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new StringReader(document), Xml);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Error")
            {
                return elements;
            }

            var depth = reader.Depth + 1;
            reader.Read();
            while (!reader.EOF)
            {
                // Reading an element's text moves past it, onto the next node, so only other nodes are stepped over.
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth)
                {
                    reader.Read();
                    continue;
                }

                var name = reader.LocalName;
                if (!Elements.Contains(name))
                {
                    reader.Skip();
                }
                else if (reader.ReadElementContentAsString() is var text && !string.IsNullOrWhiteSpace(text))
                {
                    elements.TryAdd(name, text);
                }
            }
        }
        catch (XmlException)
        {
            // Not S3's document (a proxy's page, or cut short): what was read stands, the status says the rest.
        }

        return elements;
    }

    // The document, read into a pooled buffer that is cleared when returned: a SignatureDoesNotMatch's holds the
    // request's session token.
    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellation)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes);
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var length = 0;
                int read;
                while (length < MaxBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, MaxBytes - length), cancellation).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
