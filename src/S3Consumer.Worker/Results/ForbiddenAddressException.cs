using System.Net;

namespace S3Consumer.Worker.Results;

/// <summary>A listed host resolved only to addresses the worker must not reach for it (loopback, private, link-local).</summary>
public sealed class ForbiddenAddressException(string host, IEnumerable<IPAddress> addresses) : Exception(
    $"host '{host}' resolves only to loopback, private or link-local addresses ({string.Join(", ", addresses)}): list it by name " +
    "in Results:AllowedHosts if results are really served from there.")
{
    public string Host { get; } = host;
}
