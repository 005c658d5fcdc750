using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Tests.Storage;

/// <summary>
/// The worker's PUT on the wire, against a server that takes a request only as S3 would: it computes every signature
/// again from the raw request with the AWS SDK's own signer, checks the CRC32C checksum and the SHA-256 payload hash
/// against the bytes it received and the raw target against the signed path (<see cref="S3RequestCheck"/>). Over HTTPS
/// (the test CA) and HTTP, path-style and virtual-hosted (a name no resolver knows, connected by the handler itself),
/// with and without a session token and a checksum, bodies on both sides of 1 MiB, keys S3 and URLs treat differently.
/// </summary>
public sealed class PutObjectWireTests : IAsyncLifetime
{
    private const string Domain = "s3.wire.test";
    private const string Secret = "wire-secret/+=";

    private static readonly string[] Keys =
        ["with space", "a+b=c&d", "100%", "a//b", "a/./b/../c", "\u00fc/\u20ac/\u65e5\u672c", "trailing space ", "/leading", "~tilde_-."];

    private readonly TestCertificateAuthority authority = TestCertificateAuthority.Create(Domain, $"*.{Domain}");
    private readonly ConcurrentQueue<Received> received = new();
    private readonly ConcurrentQueue<string> refused = new();
    private WebApplication server = null!;
    private int httpPort;
    private int httpsPort;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(authority.Server));
        });
        server = builder.Build();
        var check = new S3RequestCheck(keyId => keyId == "WIREKEY" ? Secret : null);
        server.Run(async context =>
        {
            var request = context.Request;
            var body = new MemoryStream();
            if (check.Authenticate(request, DateTimeOffset.UtcNow) is not { } refusal)
            {
                await request.Body.CopyToAsync(body);
                refusal = S3RequestCheck.Payload(request, body.GetBuffer().AsSpan(0, (int)body.Length));
            }

            if (refusal is not null)
            {
                refused.Enqueue($"{request.Host} {context.Features.Get<IHttpRequestFeature>()!.RawTarget}: {refusal.Code} {refusal.Message}");
                await refusal.AnswerAsync(context);
                return;
            }

            received.Enqueue(new Received(
                request.Scheme, request.Host.Value!, context.Features.Get<IHttpRequestFeature>()!.RawTarget, body.Length,
                request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString())));
            context.Response.Headers["x-amz-request-id"] = $"wire-{received.Count}";
        });
        await server.StartAsync();
        var ports = server.Urls.Select(url => new Uri(url)).ToList();
        httpPort = ports.Single(url => url.Scheme == "http").Port;
        httpsPort = ports.Single(url => url.Scheme == "https").Port;
    }

    public async Task DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
        authority.Dispose();
    }

    [Fact]
    public async Task Every_put_is_taken_as_signed_whatever_the_scheme_addressing_credentials_checksum_body_and_key()
    {
        using var http = new HttpMessageInvoker(Handler());
        var sent = new List<(Destination Destination, string Key, int Length)>();
        foreach (var https in new[] { false, true })
        {
            foreach (var pathStyle in new[] { true, false })
            {
                foreach (var token in new[] { false, true })
                {
                    foreach (var checksum in new[] { "CRC32C", "none" })
                    {
                        var options = new DestinationOptions
                        {
                            Bucket = "lake", Region = "eu-west-1", ServiceUrl = new Uri($"{(https ? "https" : "http")}://{Domain}:{(https ? httpsPort : httpPort)}/"),
                            ForcePathStyle = pathStyle, AccessKeyId = "WIREKEY", SecretAccessKey = Secret, SessionToken = token ? "session/token+=" : null,
                            ChecksumAlgorithm = checksum,
                        };
                        var destination = StoreBed.Destination($"{https}-{pathStyle}-{token}-{checksum}", options);
                        var sender = new PutObjectSender(
                            http, destination, DestinationCredentials.For(options, () => throw new InvalidOperationException("no default chain here")), NullLogger<PutObjectSender>.Instance);
                        foreach (var (key, length) in Keys.Select(key => (key, 100)).Append(("large/at-1-MiB", 1 << 20)).Append(("large/above-1-MiB", (1 << 20) + 1)))
                        {
                            var write = new ObjectWrite(destination, key, [new("x-amz-meta-topic", "wire test")], Body(length));
                            Assert.StartsWith("wire-", await sender.PutAsync(write, CancellationToken.None), StringComparison.Ordinal);
                            sent.Add((destination, key, length));
                        }
                    }
                }
            }
        }

        Assert.Empty(refused);
        Assert.Equal(sent.Count, received.Count);
        foreach (var ((destination, key, length), got) in sent.Zip(received))
        {
            var options = destination.Options;
            var encoded = string.Join('/', (key.StartsWith('/') ? key[1..] : key).Split('/').Select(Uri.EscapeDataString));
            Assert.Equal(options.ServiceUrl!.Scheme, got.Scheme);
            Assert.Equal(options.ForcePathStyle ? $"{Domain}:{options.ServiceUrl.Port}" : $"lake.{Domain}:{options.ServiceUrl.Port}", got.Host);
            Assert.Equal(options.ForcePathStyle ? $"/lake/{encoded}" : $"/{encoded}", got.Target);
            Assert.Equal(length, got.Length);
            Assert.Equal(S3UserAgent.Value, got.Headers["user-agent"]);
            Assert.Equal(options.SessionToken, got.Headers.GetValueOrDefault("x-amz-security-token"));
            Assert.Equal(options.ChecksumAlgorithm == "CRC32C", got.Headers.ContainsKey("x-amz-checksum-crc32c"));
            Assert.Equal(options.ServiceUrl.Scheme == "https" && options.ChecksumAlgorithm == "CRC32C", got.Headers["x-amz-content-sha256"] == S3RequestSigner.UnsignedPayload);
            Assert.Equal(length > 1 << 20, got.Headers.GetValueOrDefault("expect") == "100-continue");
        }
    }

    // Connects every name to this machine's server, so that a virtual-hosted bucket's name needs no resolver, and trusts
    // the test CA alone.
    private SocketsHttpHandler Handler() => new()
    {
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && authority.Issued(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2),
        },
    };

    private sealed record Received(string Scheme, string Host, string Target, long Length, Dictionary<string, string> Headers);

    // A message's body of exactly length bytes: {"data":"xx...x"}.
    private static ObjectContent Body(int length) => new(Encoding.UTF8.GetBytes("\"" + new string('x', length - 11) + "\""));
}
