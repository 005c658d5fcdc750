using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Results;

/// <summary>How <c>Results:AllowedHosts</c> lists a host.</summary>
public enum HostListing
{
    NotListed,

    /// <summary>Listed by its exact name: the user vouches for it, wherever it resolves.</summary>
    ByName,

    /// <summary>Listed through a <c>*.</c> pattern: it may resolve only to public addresses.</summary>
    ByPattern,
}

/// <summary>
/// The hosts results may be fetched from, and the addresses they may be reached at: none in loopback, private or
/// link-local ranges unless the host is listed by name, so that a download URL cannot reach the worker's own network.
/// </summary>
public sealed class ResultHosts(IOptions<ResultsOptions> options)
{
    private readonly IReadOnlyList<string> listed = options.Value.AllowedHosts;
    private readonly string[] names = options.Value.AllowedHosts.Where(host => !IsPattern(host)).ToArray();
    private readonly string[] suffixes = options.Value.AllowedHosts.Where(IsPattern).Select(pattern => pattern[1..]).ToArray();

    public bool IsEmpty => names.Length == 0 && suffixes.Length == 0;

    public HostListing Match(string host) =>
        names.Contains(host, StringComparer.OrdinalIgnoreCase) ? HostListing.ByName
        : suffixes.Any(suffix => host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) ? HostListing.ByPattern
        : HostListing.NotListed;

    /// <summary>Whether the worker may connect to <paramref name="address"/> to reach <paramref name="host"/>.</summary>
    public bool MayConnect(string host, IPAddress address) => Match(host) switch
    {
        HostListing.ByName => true,
        HostListing.ByPattern => !IsInternal(address),
        _ => false,
    };

    /// <summary>
    /// Unspecified (0.0.0.0/8, ::), loopback (127.0.0.0/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7) and
    /// link-local (169.254/16, where cloud metadata services answer, and fe80::/10) addresses.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] is 0 or 10
               || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31)
               || (bytes[0] == 192 && bytes[1] == 168)
               || (bytes[0] == 169 && bytes[1] == 254);
    }

    public override string ToString() => string.Join(", ", listed);

    internal static bool IsPattern(string host) => host.StartsWith("*.", StringComparison.Ordinal);
}
