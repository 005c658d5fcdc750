using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Amazon.Runtime;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// Sends one destination's PutObject requests, signed with SigV4, over the worker's HTTP connections. A PUT is the only
/// request the worker makes of S3, and the SDK's general pipeline for it cost more CPU and memory than all the rest of a
/// message's handling (docs/performance.md); the SDK still decides where the bucket is (<see cref="BucketEndpoint"/>)
/// and supplies the credentials (<see cref="DestinationCredentials"/>), and S3's refusals are raised as the SDK raises
/// them (<see cref="S3ErrorAnswer"/>).
/// </summary>
internal sealed partial class PutObjectSender
{
    /// <summary>A body above this size is sent only once S3 has accepted the request's headers (<c>Expect: 100-continue</c>).</summary>
    private const long ContinueAbove = 1024 * 1024;

    private const string MetadataPrefix = "x-amz-meta-";

    // The header of each metadata field's name: the names are ObjectMetadata's and BatchMetadata's, a fixed few.
    private static readonly ConcurrentDictionary<string, string> MetadataHeaders = new(StringComparer.Ordinal);
    private static readonly Comparer<KeyValuePair<string, string>> ByName = Comparer<KeyValuePair<string, string>>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));

    private readonly HttpMessageInvoker http;
    private readonly string destinationName;
    private readonly ILogger logger;
    private readonly Lazy<Target> target;

    // How far S3's clock is ahead of this machine's, learned from a RequestTimeTooSkewed refusal: later requests are signed with S3's time.
    private long clockOffsetTicks;

    public PutObjectSender(HttpMessageInvoker http, Destination destination, DestinationCredentials credentials, ILogger<PutObjectSender> logger)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var options = destination.Options;
        this.http = http;
        this.logger = logger;
        Credentials = credentials;
        destinationName = destination.Name;

        // Resolved at the first write, so that a bucket the rules refuse fails its writes (and makes the destination
        // unavailable) like any other refusal. The checksum a destination names none of depends on whose endpoint it is.
        target = new(() =>
        {
            var endpoint = BucketEndpoint.Resolve(destination.Bucket, options.Region!, options.ServiceUrl, options.ForcePathStyle);
            var checksum = PutChecksum.For(options, endpoint.Aws);
            return new Target(endpoint, checksum, DestinationHeaders.For(destination, checksum));
        });
    }

    /// <summary>Where the destination's objects go: resolved on first use; throws what the endpoint rules refuse.</summary>
    public BucketEndpoint Endpoint => target.Value.Endpoint;

    public DestinationCredentials Credentials { get; }

    /// <summary>Writes the object; answers S3's request id, or throws S3's refusal as an <see cref="S3RefusalException"/>.</summary>
    public async Task<string?> PutAsync(ObjectWrite write, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (bucket, checksum, _) = target.Value;
        var identity = await Credentials.GetAsync().ConfigureAwait(false);
        var body = write.Content;

        // The signature covers the payload unless the request goes over TLS with a checksum, which S3 verifies.
        var signsPayload = !bucket.Https || checksum is null;
        var (checksumValue, bodyHash) = await PutChecksum.OfAsync(body, checksum, signsPayload, cancellation).ConfigureAwait(false);
        var payloadHash = bodyHash ?? S3RequestSigner.UnsignedPayload;
        var url = bucket.UrlOf(write.Key);
        var timestamp = S3RequestSigner.Timestamp(DateTime.UtcNow.AddTicks(Interlocked.Read(ref clockOffsetTicks)));

        var headers = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(target.Value.Headers.Length + write.Metadata.Count + 8);
        try
        {
            var count = SignedHeaders(headers, write, identity, timestamp, checksumValue, payloadHash);
            var authorization = bucket.Signer.Authorization(identity, timestamp, "PUT", url.AsSpan(bucket.Origin.Length), headers.AsSpan(0, count), payloadHash);

            // The key is sent as it was signed: never unescaped, and dot segments ("a/../b") kept as S3 keeps them.
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }))
            {
                Content = new ObjectBodyContent(body),
            };
            foreach (var (name, value) in headers.AsSpan(0, count))
            {
                if (!name.StartsWith("content-", StringComparison.Ordinal) && name != "host")
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            request.Headers.TryAddWithoutValidation("User-Agent", S3UserAgent.Value);
            request.Headers.ExpectContinue = body.Length > ContinueAbove ? true : null;
            using var response = await http.SendAsync(request, cancellation).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response.Headers.TryGetValues("x-amz-request-id", out var ids) ? ids.FirstOrDefault() : null;
            }

            var refusal = await S3ErrorAnswer.ReadAsync(response, cancellation).ConfigureAwait(false);
            if (refusal.ErrorCode == "SignatureDoesNotMatch")
            {
                refusal.Signed = bucket.Signer.Describe(timestamp, "PUT", url.AsSpan(bucket.Origin.Length), headers.AsSpan(0, count), payloadHash);
            }
            else if (refusal.ErrorCode == "RequestTimeTooSkewed" && response.Headers.Date is { } serverTime)
            {
                // Every write in flight may be refused alike: the correction is said once, not once a write.
                var offset = serverTime.UtcDateTime - DateTime.UtcNow;
                if (Math.Abs(Interlocked.Exchange(ref clockOffsetTicks, offset.Ticks) - offset.Ticks) > TimeSpan.TicksPerMinute)
                {
                    LogClockSkew(destinationName, offset);
                }
            }

            throw refusal;
        }
        finally
        {
            ArrayPool<KeyValuePair<string, string>>.Shared.Return(headers, clearArray: true);
        }
    }

    /// <summary>Fills <paramref name="headers"/> with every header the request signs, sorted by name as SigV4 wants them; answers how many.</summary>
    private int SignedHeaders(
        KeyValuePair<string, string>[] headers, ObjectWrite write, ImmutableCredentials identity, string timestamp, string? checksumValue, string payloadHash)
    {
        var (bucket, checksum, destinationHeaders) = target.Value;
        var count = 0;
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                headers[count++] = new(name, value);
            }
        }

        Add("host", bucket.Host);
        Add("content-length", write.Content.Length.ToString(CultureInfo.InvariantCulture));
        Add("content-type", write.Content.ContentType);
        Add("content-encoding", write.Content.ContentEncoding);
        Add("x-amz-date", timestamp);
        Add("x-amz-content-sha256", payloadHash);
        Add("x-amz-security-token", identity.UseToken ? identity.Token : null);
        Add(checksum?.Header ?? string.Empty, checksumValue);
        foreach (var header in destinationHeaders)
        {
            headers[count++] = header;
        }

        // By index: the list's enumerator would be one more object a request.
        for (var index = 0; index < write.Metadata.Count; index++)
        {
            var (name, value) = write.Metadata[index];
            Add(MetadataHeaders.GetOrAdd(name, static name => MetadataPrefix + name.ToLowerInvariant()), value);
        }

        Array.Sort(headers, 0, count, ByName);
        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Destination {Destination}: S3 refused a request as signed at the wrong time (RequestTimeTooSkewed); its clock is {Offset} from this machine's, and requests are signed with S3's time from now on. Synchronise this machine's clock")]
    private partial void LogClockSkew(string destination, TimeSpan offset);

    /// <summary>The destination's endpoint and what the endpoint decides: its checksum, and with it the headers every PUT carries.</summary>
    private sealed record Target(BucketEndpoint Endpoint, PutChecksum? Checksum, KeyValuePair<string, string>[] Headers);
}
