using System.Security;
using Microsoft.AspNetCore.Http;

namespace S3Consumer.Testing;

/// <summary>
/// An error S3 gives and s3rver does not (a wrong secret, a bucket in another region), answered by <see cref="S3FaultProxy"/>
/// as AWS answers it: the XML error document, and for a HEAD the bucket's region header alone.
/// </summary>
public sealed record S3Refusal(int Status, string Code, string Message, string? BucketRegion = null)
{
    public async Task AnswerAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Response.StatusCode = Status;
        if (BucketRegion is not null)
        {
            context.Response.Headers["x-amz-bucket-region"] = BucketRegion;
        }

        if (!HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{Code}</Code><Message>{SecurityElement.Escape(Message)}</Message><RequestId>proxy-1</RequestId></Error>");
        }
    }
}
