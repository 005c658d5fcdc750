using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// One PUT sender and one retry pipeline per destination, made when the first message needs them, and made again for
/// the new <see cref="Destination"/> a reload brings (new credentials, endpoint, region). The previous sender needs no
/// disposing: writes in flight still hold it and finish on it, and it goes with the last of them. Every sender sends
/// over the one HTTP connection pool this registry owns.
/// </summary>
public sealed class DestinationSenders : IDisposable
{
    private readonly ConditionalWeakTable<Destination, DestinationSender> byDestination = new();
    private readonly ConditionalWeakTable<Destination, DestinationSender>.CreateValueCallback create;
    private readonly HttpMessageInvoker http;

    public DestinationSenders(IOptions<S3Options> options, WorkerTelemetry telemetry, ILoggerFactory loggerFactory)
        : this(options, telemetry, loggerFactory, static () => DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync())
    {
    }

    /// <param name="options">The <c>S3</c> options.</param>
    /// <param name="telemetry">The worker's instruments.</param>
    /// <param name="loggerFactory">The loggers of the senders and of Polly.</param>
    /// <param name="defaultChain">The default credential chain of the destinations that name no credentials of their own.</param>
    internal DestinationSenders(IOptions<S3Options> options, WorkerTelemetry telemetry, ILoggerFactory loggerFactory, Func<Task<AWSCredentials>> defaultChain)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = options.Value;
        http = CreateHttpHandler(settings);
        var senderLogger = loggerFactory.CreateLogger<PutObjectSender>();
        create = destination =>
        {
            var credentials = DestinationCredentials.For(destination.Options, defaultChain);
            return new DestinationSender(
                new PutObjectSender(http, destination, credentials, senderLogger),
                PutRetryPipeline.Create(destination.Name, credentials, settings, telemetry, loggerFactory));
        };
    }

    internal DestinationSender For(Destination destination) => byDestination.GetValue(destination, create);

    /// <summary>Where the destination's objects go (see <see cref="BucketEndpoint"/>); throws what the endpoint rules refuse.</summary>
    internal BucketEndpoint EndpointOf(Destination destination) => For(destination).Put.Endpoint;

    public void Dispose() => http.Dispose();

    // An invoker rather than an HttpClient: each attempt's timeout is Polly's (see AttemptTimeouts), and the client's
    // own timeout and buffering would cost every request without serving it.
    private static HttpMessageInvoker CreateHttpHandler(S3Options options) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = options.MaxConnections,
        ConnectTimeout = options.ConnectTimeout,

        // S3 answers a wrong region or a moved bucket with a redirect, which is the destination's to fix, not to follow.
        AllowAutoRedirect = false,
        UseCookies = false,

        // S3 spreads a bucket over many addresses that DNS rotates: connections are renewed to follow it.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    });
}
