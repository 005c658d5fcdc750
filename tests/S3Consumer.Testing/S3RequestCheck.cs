using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace S3Consumer.Testing;

/// <summary>
/// Checks a request as S3 does before it takes it, with the AWS SDK's own signer (<see cref="AWS4Signer"/>), never the
/// worker's code: its time against the server's clock, its SigV4 signature computed again from the request as it
/// arrived (the key decoded from the raw target and encoded as S3 encodes it, the signed headers' values as received),
/// the raw target against the path that was signed, and its body against the payload hash it was signed with and its
/// checksum header. Each wrong part is refused with S3's own error.
/// </summary>
public sealed partial class S3RequestCheck(Func<string, string?> secretOf) : AWS4Signer
{
    /// <summary>How far a request's time may be from the server's.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    private static readonly Dictionary<string, string> Checksums = new(StringComparer.Ordinal)
    {
        ["x-amz-checksum-crc32c"] = "CRC32C", ["x-amz-checksum-crc32"] = "CRC32", ["x-amz-checksum-sha256"] = "SHA256", ["x-amz-checksum-sha1"] = "SHA1",
    };

    /// <summary>The secret of each key id S3 knows, or null for one it does not.</summary>
    public Func<string, string?> SecretOf { get; } = secretOf;

    /// <summary>
    /// The request's credentials, time and signature (before its body is read, as S3 checks them); null when they hold.
    /// </summary>
    public S3Refusal? Authenticate(HttpRequest request, DateTimeOffset serverTime)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = AuthorizationParts().Match(request.Headers.Authorization.ToString());
        if (!authorization.Success)
        {
            return new S3Refusal(403, "AccessDenied", "Access Denied");
        }

        var keyId = authorization.Groups["key"].Value;
        if (SecretOf(keyId) is not { } secret)
        {
            return S3Refusal.Of("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.") with { Details = [new("AWSAccessKeyId", keyId)] };
        }

        var names = authorization.Groups["names"].Value.Split(';');
        foreach (var required in new[] { "host", "x-amz-content-sha256", "x-amz-date" })
        {
            if (!names.Contains(required) || string.IsNullOrEmpty(request.Headers[required]))
            {
                return S3Refusal.Of("AccessDenied", $"The request does not sign the header {required}, which S3 requires.");
            }
        }

        if (!DateTime.TryParseExact(request.Headers["x-amz-date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return S3Refusal.Of("AccessDenied", "The x-amz-date header is not a time.");
        }

        if ((signedAt - serverTime.UtcDateTime).Duration() > MaxSkew)
        {
            return S3Refusal.Of("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.") with
            {
                Details = [new("RequestTime", request.Headers["x-amz-date"].ToString()), new("ServerTime", serverTime.ToString("O", CultureInfo.InvariantCulture))],
            };
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            headers[name] = request.Headers[name].ToString();
        }

        var (region, service) = (authorization.Groups["region"].Value, authorization.Groups["service"].Value);
        var canonical = CanonicalRequest(request, headers);
        var computed = ComputeSignature(keyId, secret, region, signedAt, service, authorization.Groups["names"].Value, canonical);
        var signedPath = canonical.Split('\n')[1];
        if (computed.Signature == authorization.Groups["signature"].Value && signedPath == RawPath(request))
        {
            return null;
        }

        var scope = $"{signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{region}/{service}/{Terminator}";
        var toSign = $"{Scheme}-{Algorithm}\n{request.Headers["x-amz-date"]}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        return S3Refusal.Of("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.") with
        {
            Details =
            [
                new("AWSAccessKeyId", keyId), new("StringToSign", toSign), new("SignatureProvided", authorization.Groups["signature"].Value),
                new("StringToSignBytes", Bytes(toSign)), new("CanonicalRequest", canonical), new("CanonicalRequestBytes", Bytes(canonical)),
            ],
        };
    }

    /// <summary>The body received against the payload hash the request was signed with and its checksum header; null when they hold.</summary>
    public static S3Refusal? Payload(HttpRequest request, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        var received = Convert.ToHexStringLower(SHA256.HashData(body));
        if (payloadHash != "UNSIGNED-PAYLOAD" && payloadHash != received)
        {
            return S3Refusal.Of("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.") with
            {
                Details = [new("ClientComputedContentSHA256", payloadHash), new("S3ComputedContentSHA256", received)],
            };
        }

        var algorithm = request.Headers["x-amz-sdk-checksum-algorithm"].ToString();
        var given = Checksums.Where(checksum => request.Headers.ContainsKey(checksum.Key)).ToList();
        if (algorithm.Length > 0 && !given.Any(checksum => checksum.Value == algorithm))
        {
            return S3Refusal.Of("InvalidRequest", $"x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.");
        }

        foreach (var (header, name) in given)
        {
            if (request.Headers[header] != Checksum(name, body))
            {
                return S3Refusal.Of("BadDigest", $"The {name} you specified did not match the calculated checksum.");
            }
        }

        return null;
    }

    /// <summary>The base64 checksum S3 computes of a body, as it names the algorithm.</summary>
    public static string Checksum(string algorithm, ReadOnlySpan<byte> body)
    {
        var crc = new byte[sizeof(uint)];
        switch (algorithm)
        {
            case "CRC32C": BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, body)); return Convert.ToBase64String(crc);
            case "CRC32": BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(body)); return Convert.ToBase64String(crc);
            case "SHA256": return Convert.ToBase64String(SHA256.HashData(body));
#pragma warning disable CA5350 // S3's SHA-1 checksum, not security
            default: return Convert.ToBase64String(SHA1.HashData(body));
#pragma warning restore CA5350
        }
    }

    /// <summary>The key id a request is signed with (its Authorization header's credential); empty for one that is not signed.</summary>
    public static string KeyIdOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AuthorizationParts().Match(request.Headers.Authorization.ToString()) is { Success: true } authorization ? authorization.Groups["key"].Value : "";
    }

    /// <summary>The path of the target as it arrived, before any decoding.</summary>
    public static string RawPath(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    // The SDK's canonical request of what arrived: the path decoded to the bucket and key, as S3 decodes it, and given back
    // to the SDK as a greedy path label, which it encodes as it encodes an S3 key.
    private static string CanonicalRequest(HttpRequest request, SortedDictionary<string, string> headers)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(RawPath(request));
        return CanonicalizeRequest(
            new Uri($"{request.Scheme}://{request.Host.Value}/"), "/{Path+}", request.Method, headers,
            query < 0 ? "" : CanonicalizeQueryParameters(target[(query + 1)..]), headers["x-amz-content-sha256"],
            new Dictionary<string, string> { ["{Path+}"] = path.StartsWith('/') ? path[1..] : path }, doubleEncode: false);
    }

    private static string Bytes(string text) => string.Join(' ', Encoding.UTF8.GetBytes(text).Select(value => value.ToString("x2", CultureInfo.InvariantCulture)));

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>[0-9]{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<names>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationParts();
}
