using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace S3Consumer.Worker.Storage;

/// <summary>Tells failures that pass (S3 down, slow, throttling) from refusals that retrying will not change.</summary>
internal static class S3Failures
{
    private static readonly HashSet<string> TransientCodes =
        new(["SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "Throttling", "OperationAborted"], StringComparer.Ordinal);

    public static bool IsTransient(Exception error) => error switch
    {
        AmazonServiceException service when service.StatusCode != 0 => IsTransient(service),
        TimeoutRejectedException or BrokenCircuitException or HttpRequestException or IOException or SocketException => true,
        TimeoutException or OperationCanceledException => true,
        { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    private static bool IsTransient(AmazonServiceException error) =>
        (int)error.StatusCode >= 500
        || error.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict or HttpStatusCode.RequestTimeout
        || TransientCodes.Contains(error.ErrorCode ?? "");
}
