using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// S3's refusal of a PUT, raised as the SDK raises it (an <see cref="AmazonS3Exception"/> with S3's code, message,
/// status and request id), with the parts of S3's error document that decide or explain it: the argument an
/// InvalidArgument names, and for SignatureDoesNotMatch the string to sign and canonical request S3 computed beside
/// the ones the worker signed (<see cref="Signed"/>). S3's canonical request holds the session token: it is never shown
/// as it is.
/// </summary>
internal sealed class S3RefusalException(string message, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode status, string? amazonId2)
    : AmazonS3Exception(message, null, errorType, errorCode, requestId, status, amazonId2)
{
    /// <summary>The request's part S3 found wrong, for an InvalidArgument (a header's name).</summary>
    public string? ArgumentName { get; init; }

    /// <summary>The string to sign S3 computed from the request it received, for a SignatureDoesNotMatch.</summary>
    public string? StringToSign { get; init; }

    /// <summary>The canonical request S3 computed from the request it received, for a SignatureDoesNotMatch.</summary>
    public string? CanonicalRequest { get; init; }

    /// <summary>What the worker signed, for a SignatureDoesNotMatch: to compare with what S3 received.</summary>
    public SignedText? Signed { get; set; }
}
