using System.Security;
using Microsoft.AspNetCore.Http;

namespace S3Consumer.Testing;

/// <summary>
/// An error S3 answers a request with, written as S3 writes it: the status, and for all but a HEAD the XML error
/// document with its code, message, the elements S3 adds for some codes (<see cref="Details"/>: a
/// SignatureDoesNotMatch's StringToSign and CanonicalRequest, an InvalidArgument's ArgumentName) and a request id; a
/// bucket's region header where the refusal says where the bucket is. The one writer of S3's errors for the stand-ins.
/// </summary>
public sealed record S3Refusal(int Status, string Code, string Message, string? BucketRegion = null)
{
    /// <summary>The request id of every refusal a stand-in makes.</summary>
    public const string RequestId = "fault-proxy";

    // The status S3 answers each code with, for the refusals tests name by their code alone.
    private static readonly Dictionary<string, int> Statuses = new(StringComparer.Ordinal)
    {
        ["AccessDenied"] = 403, ["InvalidAccessKeyId"] = 403, ["SignatureDoesNotMatch"] = 403, ["RequestTimeTooSkewed"] = 403,
        ["ExpiredToken"] = 400, ["InvalidToken"] = 400, ["NoSuchBucket"] = 404, ["PermanentRedirect"] = 301,
        ["AuthorizationHeaderMalformed"] = 400, ["EntityTooLarge"] = 400, ["InvalidStorageClass"] = 400,
        ["AccessControlListNotSupported"] = 400, ["NotImplemented"] = 501, ["KMS.NotFoundException"] = 400,
        ["KMS.DisabledException"] = 400, ["InvalidArgument"] = 400, ["InvalidRequest"] = 400, ["SlowDown"] = 503,
        ["PreconditionFailed"] = 412, ["BadDigest"] = 400, ["XAmzContentSHA256Mismatch"] = 400,
    };

    /// <summary>Elements of the error document after <c>Message</c>, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>A refusal with S3's status for <paramref name="code"/>.</summary>
    public static S3Refusal Of(string code, string message = "Refused by the fault proxy.") =>
        new(Statuses.TryGetValue(code, out var status) ? status : throw new ArgumentException($"No status known for {code}: give it.", nameof(code)), code, message);

    /// <summary>Answers the request with this refusal, after reading what is left of its body.</summary>
    public async Task AnswerAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Response.StatusCode = Status;
        if (BucketRegion is not null)
        {
            context.Response.Headers["x-amz-bucket-region"] = BucketRegion;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var details = string.Concat(Details.Select(detail => $"<{detail.Key}>{SecurityElement.Escape(detail.Value)}</{detail.Key}>"));
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{Code}</Code><Message>{SecurityElement.Escape(Message)}</Message>{details}<RequestId>{RequestId}</RequestId></Error>");
    }
}
