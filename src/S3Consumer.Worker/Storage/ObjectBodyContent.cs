using System.Net;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Storage;

/// <summary>An object's body as a request's content: a fresh stream each time it is sent, so that the handler may send it again.</summary>
internal sealed class ObjectBodyContent : HttpContent
{
    private readonly IObjectBody body;

    public ObjectBodyContent(IObjectBody body)
    {
        this.body = body;
        Headers.ContentLength = body.Length;
        Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        if (body.ContentEncoding is { } encoding)
        {
            Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var content = body.OpenRead();
        await using (content.ConfigureAwait(false))
        {
            await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
