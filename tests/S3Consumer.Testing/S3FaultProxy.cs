using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace S3Consumer.Testing;

/// <summary>
/// An HTTP proxy in front of the test S3 server that counts the PUTs it sees and can answer some with S3's
/// 503 SlowDown, or hold each one back for a while. When the server behind it is down, it drops the connection,
/// as a stopped S3 endpoint would. It can also stand for a broken destination: drop every connection, refuse every PUT
/// with one of S3's destination-wide errors, or keep a clock that is off and refuse requests signed by another.
/// </summary>
public sealed class S3FaultProxy : IAsyncDisposable
{
    private const string SlowDown = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";

    private static readonly HashSet<string> HopHeaders = new(["Host", "Transfer-Encoding", "Connection", "Expect"], StringComparer.OrdinalIgnoreCase);
    private readonly HttpClient upstream;
    private readonly WebApplication app;
    private long puts;

    private S3FaultProxy(WebApplication app, Uri server)
    {
        this.app = app;
        upstream = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
    }

    public Uri Url => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Answers every <c>n</c>th PUT with 503 SlowDown; 0 forwards them all.</summary>
    public int SlowDownEvery { get; set; }

    /// <summary>When set, every PUT and every HEAD is answered with this S3 error, as AWS answers what s3rver cannot emulate.</summary>
    public S3Refusal? Refusal { get; set; }

    /// <summary>How long each PUT (or each <see cref="DelayEvery"/>th) is held before it is forwarded.</summary>
    public TimeSpan PutDelay { get; set; }

    /// <summary>Holds only every <c>n</c>th PUT for <see cref="PutDelay"/>, as a store that times out now and then; 0 holds each one.</summary>
    public int DelayEvery { get; set; }

    /// <summary>When above 0, each PUT's body is read no faster than this, as over a slow link.</summary>
    public long UploadBytesPerSecond { get; set; }

    /// <summary>Successful PUTs per key: more than one means the key was written again.</summary>
    public ConcurrentDictionary<string, int> Written { get; } = new();

    /// <summary>When each key was first written (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public ConcurrentDictionary<string, long> WrittenAt { get; } = new();

    /// <summary>Drops every connection, as an endpoint that refuses connections would.</summary>
    public bool DropConnections { get; set; }

    /// <summary>An S3 error code (<see cref="Refusals"/>) to answer every PUT with, as a destination that refuses all writes does.</summary>
    public string? RefuseWith { get; set; }

    /// <summary>
    /// The proxy's clock is this far off: a PUT signed more than 15 minutes away from it is refused with
    /// RequestTimeTooSkewed and the proxy's Date, as S3 does; one signed by its clock is taken (by the proxy itself,
    /// since the server behind it keeps the real time).
    /// </summary>
    public TimeSpan? ClockOffset { get; set; }

    /// <summary>The status S3 answers each error code with.</summary>
    public static IReadOnlyDictionary<string, int> Refusals { get; } = new Dictionary<string, int>
    {
        ["AccessDenied"] = 403, ["InvalidAccessKeyId"] = 403, ["SignatureDoesNotMatch"] = 403, ["ExpiredToken"] = 400,
        ["NoSuchBucket"] = 404, ["PermanentRedirect"] = 301, ["AuthorizationHeaderMalformed"] = 400, ["EntityTooLarge"] = 400,
        ["InvalidStorageClass"] = 400,
    };

    private long putsHeld;
    private long skewRefusals;
    private long startedPuts;
    private long mostPutsAtOnce;
    private long conditionalPuts;
    private long refusedPuts;
    private long failedPuts;

    /// <summary>PUTs refused as signed at the wrong time (see <see cref="ClockOffset"/>).</summary>
    public long SkewRefusals => Interlocked.Read(ref skewRefusals);

    /// <summary>PUTs received.</summary>
    public long StartedPuts => Interlocked.Read(ref startedPuts);

    /// <summary>The most PUTs the proxy held back at once (see <see cref="PutDelay"/>).</summary>
    public long MostPutsAtOnce => Interlocked.Read(ref mostPutsAtOnce);

    /// <summary>PUTs that carried <c>If-None-Match: *</c>; the proxy answers them as S3 does, which s3rver does not.</summary>
    public long ConditionalPuts => Interlocked.Read(ref conditionalPuts);

    /// <summary>PUTs answered 503 SlowDown (see <see cref="SlowDownEvery"/>).</summary>
    public long RefusedPuts => Interlocked.Read(ref refusedPuts);

    /// <summary>PUTs whose forwarding failed (the server behind the proxy down): their connections were dropped.</summary>
    public long FailedPuts => Interlocked.Read(ref failedPuts);

    /// <summary>Starts a proxy in front of <paramref name="server"/> (the test S3 server by default).</summary>
    public static async Task<S3FaultProxy> StartAsync(Uri? server = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders(); // a line per request would bury the output of the process that runs it
        var app = builder.Build();
        var proxy = new S3FaultProxy(app, server ?? TestServices.S3Url);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (DropConnections)
        {
            context.Abort();
            return;
        }

        var isPut = HttpMethods.IsPut(context.Request.Method) && context.Request.Path.Value!.Count(c => c == '/') > 1;
        if (Refusal is { } refusal && (isPut || HttpMethods.IsHead(context.Request.Method)))
        {
            await refusal.AnswerAsync(context);
            return;
        }

        if (isPut && (await RefuseAsync(context) || await RefuseAllAsync(context) || await AnswerSkewedAsync(context) || await RefuseExistingAsync(context)))
        {
            return;
        }

        if (isPut)
        {
            await ThrottleUploadAsync(context);
        }

        try
        {
            using var response = await upstream.SendAsync(Forward(context.Request), HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(header => !HopHeaders.Contains(header.Key)))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            if (isPut && response.IsSuccessStatusCode)
            {
                Record(context);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failedPuts);
            context.Abort();
        }
    }

    private async Task<bool> RefuseAsync(HttpContext context)
    {
        var started = Interlocked.Increment(ref startedPuts);
        var delay = DelayEvery <= 0 || started % DelayEvery == 0 ? PutDelay : TimeSpan.Zero;
        var held = Interlocked.Increment(ref putsHeld);
        for (var most = Interlocked.Read(ref mostPutsAtOnce); held > most; most = Interlocked.Read(ref mostPutsAtOnce))
        {
            Interlocked.CompareExchange(ref mostPutsAtOnce, held, most);
        }

        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref putsHeld);
        }

        var every = SlowDownEvery;
        if (every <= 0 || Interlocked.Increment(ref puts) % every != 0)
        {
            return false;
        }

        Interlocked.Increment(ref refusedPuts);
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(SlowDown);
        return true;
    }

    private async Task ThrottleUploadAsync(HttpContext context)
    {
        var rate = UploadBytesPerSecond;
        if (rate <= 0)
        {
            return;
        }

        var body = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var watch = Stopwatch.StartNew();
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            body.Write(chunk, 0, read);
            var ahead = TimeSpan.FromSeconds((double)body.Length / rate) - watch.Elapsed;
            if (ahead > TimeSpan.Zero)
            {
                await Task.Delay(ahead, context.RequestAborted); // the link's pace, not a wait for anything
            }
        }

        body.Position = 0;
        context.Request.Body = body;
    }

    private void Record(HttpContext context)
    {
        var key = Uri.UnescapeDataString(context.Request.Path.Value!.Split('/', 3)[2]);
        WrittenAt.TryAdd(key, TimeProvider.System.GetTimestamp());
        Written.AddOrUpdate(key, 1, (_, count) => count + 1);
    }

    private async Task<bool> RefuseAllAsync(HttpContext context)
    {
        if (RefuseWith is not { } code)
        {
            return false;
        }

        await context.Request.Body.CopyToAsync(Stream.Null);
        await AnswerErrorAsync(context, Refusals[code], code, "Refused by the fault proxy.");
        return true;
    }

    private async Task<bool> AnswerSkewedAsync(HttpContext context)
    {
        if (ClockOffset is not { } offset)
        {
            return false;
        }

        await context.Request.Body.CopyToAsync(Stream.Null);
        var serverTime = DateTimeOffset.UtcNow + offset;
        var signedAt = DateTimeOffset.ParseExact(context.Request.Headers["x-amz-date"].ToString(), "yyyyMMdd'T'HHmmss'Z'",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        context.Response.Headers.Date = serverTime.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if ((signedAt - serverTime).Duration() > TimeSpan.FromMinutes(15))
        {
            Interlocked.Increment(ref skewRefusals);
            await AnswerErrorAsync(context, StatusCodes.Status403Forbidden, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
            return true;
        }

        Record(context);
        context.Response.Headers.ETag = "\"skewed\"";
        return true;
    }

    private static async Task AnswerErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault-proxy</RequestId></Error>");
    }

    private async Task<bool> RefuseExistingAsync(HttpContext context)
    {
        if (context.Request.Headers.IfNoneMatch != "*")
        {
            return false;
        }

        Interlocked.Increment(ref conditionalPuts);
        using var head = await upstream.SendAsync(new HttpRequestMessage(HttpMethod.Head, context.Request.Path), context.RequestAborted);
        if (!head.IsSuccessStatusCode)
        {
            return false;
        }

        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>");
        return true;
    }

    private static HttpRequestMessage Forward(HttpRequest request)
    {
        var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var header in request.Headers.Where(header => !HopHeaders.Contains(header.Key)))
        {
            if (!forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                forward.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        // The request was signed for the proxy's host; keep it so the signature still matches.
        forward.Headers.Host = request.Host.Value;
        return forward;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
