using System.Net;
using System.Xml;
using Amazon.Runtime;
using Amazon.S3;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// S3's answer to a PUT it refused, read as the SDK reads it: the error document's code, message and request id on an
/// <see cref="AmazonS3Exception"/>, which <see cref="S3Failures"/> sorts and the <c>check</c> command explains.
/// </summary>
internal static class S3ErrorAnswer
{
    /// <summary>More than any error document S3 sends; a proxy's HTML page is cut short here.</summary>
    private const int MaxBytes = 64 * 1024;

    private static readonly XmlReaderSettings Xml = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };

    public static async Task<AmazonS3Exception> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(response);
        var document = await ReadBodyAsync(response.Content, cancellation).ConfigureAwait(false);
        var (code, message, requestId) = Parse(document);
        var status = response.StatusCode;
        return new AmazonS3Exception(
            message ?? $"{(int)status} {response.ReasonPhrase}",
            innerException: null,
            status < HttpStatusCode.InternalServerError ? ErrorType.Sender : ErrorType.Receiver,
            code ?? (status == HttpStatusCode.PreconditionFailed ? "PreconditionFailed" : null),
            requestId ?? Header(response, "x-amz-request-id"),
            status,
            Header(response, "x-amz-id-2"));
    }

    /// <summary>The <c>Code</c>, <c>Message</c> and <c>RequestId</c> of an <c>Error</c> document; nulls for anything else.</summary>
    internal static (string? Code, string? Message, string? RequestId) Parse(string document)
    {
        string? code = null, message = null, requestId = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(document), Xml);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Error")
            {
                return (null, null, null);
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

                switch (reader.LocalName)
                {
                    case "Code": code = reader.ReadElementContentAsString(); break;
                    case "Message": message = reader.ReadElementContentAsString(); break;
                    case "RequestId": requestId = reader.ReadElementContentAsString(); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (XmlException)
        {
            // Not S3's document (a proxy's page, or cut short): what was read stands, the status says the rest.
        }

        return (Empty(code), Empty(message), Empty(requestId));
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellation)
    {
        var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
