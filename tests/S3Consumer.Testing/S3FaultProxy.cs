using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace S3Consumer.Testing;

/// <summary>
/// An HTTP proxy in front of the test S3 server that checks each request as S3 does (<see cref="S3RequestCheck"/>:
/// its time, signature, payload hash and checksum, which s3rver does not check), counts the PUTs it sees, and can
/// play faults: answer some PUTs with 503 SlowDown, hold each one back for a while, read bodies slowly, drop every
/// connection, refuse every PUT and HEAD with one of S3's errors (<see cref="Refusal"/>), keep a clock that is off,
/// or change requests on their way as a proxy between the worker and S3 might. When the server behind it is down, it
/// drops the connection, as a stopped S3 endpoint would.
/// </summary>
public sealed class S3FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(["Host", "Transfer-Encoding", "Connection", "Expect"], StringComparer.OrdinalIgnoreCase);
    private readonly HttpClient upstream;
    private readonly S3RequestCheck check;
    private WebApplication app = null!;
    private long puts;
    private long putsHeld;
    private long skewRefusals;
    private long startedPuts;
    private long mostPutsAtOnce;
    private long conditionalPuts;
    private long refusedPuts;
    private long failedPuts;
    private long requests;

    private S3FaultProxy(Func<string, string?> secretOf, Uri server)
    {
        check = new S3RequestCheck(secretOf);
        upstream = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
    }

    public Uri Url => app.Url();

    /// <summary>Answers every <c>n</c>th PUT with 503 SlowDown; 0 forwards them all.</summary>
    public int SlowDownEvery { get; set; }

    /// <summary>When set, every PUT and every HEAD is answered with this error, as S3 answers what s3rver cannot emulate.</summary>
    public S3Refusal? Refusal { get; set; }

    /// <summary>
    /// Picks PUTs to refuse, as S3 refuses an object for what it is (EntityTooLarge, KeyTooLongError): the refusal it
    /// gives a request answers that PUT alone; null forwards it.
    /// </summary>
    public Func<HttpRequest, S3Refusal?>? RefusePut { get; set; }

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

    /// <summary>
    /// The proxy's clock is this far off: a PUT signed more than 15 minutes away from it is refused with
    /// RequestTimeTooSkewed and the proxy's Date, as S3 does; one signed by its clock is taken (by the proxy itself,
    /// since the server behind it keeps the real time).
    /// </summary>
    public TimeSpan? ClockOffset { get; set; }

    /// <summary>Changes each request before it is checked, as a proxy between the worker and S3 that rewrites requests would.</summary>
    public Action<HttpRequest>? AlterRequest { get; set; }

    /// <summary>Every request that reached the proxy, whatever it was.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>The method and <c>User-Agent</c> of every request that reached the proxy.</summary>
    public ConcurrentQueue<(string Method, string UserAgent)> Received { get; } = new();

    /// <summary>Key ids whose session S3 answers as expired (ExpiredToken), though their signature holds.</summary>
    public ConcurrentDictionary<string, bool> ExpiredKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>PUTs refused as signed at the wrong time (see <see cref="ClockOffset"/>).</summary>
    public long SkewRefusals => Interlocked.Read(ref skewRefusals);

    /// <summary>PUTs received.</summary>
    public long StartedPuts => Interlocked.Read(ref startedPuts);

    /// <summary>The PUTs the proxy holds back now (see <see cref="PutDelay"/>); one whose client gave up is no longer held.</summary>
    public long HeldPuts => Interlocked.Read(ref putsHeld);

    /// <summary>The most PUTs the proxy held back at once (see <see cref="PutDelay"/>).</summary>
    public long MostPutsAtOnce => Interlocked.Read(ref mostPutsAtOnce);

    /// <summary>PUTs that carried <c>If-None-Match: *</c>; the proxy answers them as S3 does, which s3rver does not.</summary>
    public long ConditionalPuts => Interlocked.Read(ref conditionalPuts);

    /// <summary>PUTs answered with 503 SlowDown (see <see cref="SlowDownEvery"/>).</summary>
    public long RefusedPuts => Interlocked.Read(ref refusedPuts);

    /// <summary>PUTs whose forwarding failed (the server behind the proxy down): their connections were dropped.</summary>
    public long FailedPuts => Interlocked.Read(ref failedPuts);

    /// <summary>
    /// Starts a proxy in front of <paramref name="server"/> (the test S3 server by default) that takes requests signed
    /// with s3rver's key, or with the keys <paramref name="secretOf"/> knows (an assumed role's, a container's), as S3 would take them.
    /// </summary>
    public static async Task<S3FaultProxy> StartAsync(Func<string, string?>? secretOf = null, Uri? server = null)
    {
        var proxy = new S3FaultProxy(secretOf ?? (keyId => keyId == TestServices.S3Key ? TestServices.S3Key : null), server ?? TestServices.S3Url);
        proxy.app = await LocalHttpServer.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        Received.Enqueue((context.Request.Method, context.Request.Headers.UserAgent.ToString()));
        if (DropConnections)
        {
            context.Abort();
            return;
        }

        var request = context.Request;
        var isPut = HttpMethods.IsPut(request.Method) && request.Path.Value!.Count(c => c == '/') > 1;
        var serverTime = DateTimeOffset.UtcNow + (ClockOffset ?? TimeSpan.Zero);
        if (ClockOffset is not null)
        {
            context.Response.Headers.Date = serverTime.ToString("R", CultureInfo.InvariantCulture);
        }

        AlterRequest?.Invoke(request);
        if (isPut)
        {
            await HoldAsync(context);
        }

        if (await RefusedAsync(context, isPut, serverTime))
        {
            return;
        }

        using var body = isPut ? await ReadBodyAsync(context) : null;
        if ((body is null ? null : S3RequestCheck.Payload(request, body.GetBuffer().AsSpan(0, (int)body.Length)) ?? await ExistingAsync(context)) is { } wrong)
        {
            await wrong.AnswerAsync(context);
            return;
        }

        if (isPut && ClockOffset is not null)
        {
            Record(context);
            context.Response.Headers.ETag = "\"skewed\"";
            return;
        }

        await ForwardAsync(context, isPut, body);
    }

    // A PUT waits PutDelay before anything else, counted while it waits.
    private async Task HoldAsync(HttpContext context)
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
    }

    // What is answered before the body is read: the refusal played, the request's signature and time, a PUT picked to
    // be refused, a SlowDown.
    private async Task<bool> RefusedAsync(HttpContext context, bool isPut, DateTimeOffset serverTime)
    {
        var refusal = isPut || HttpMethods.IsHead(context.Request.Method) ? Refusal : null;
        if (refusal is null && check.Authenticate(context.Request, serverTime) is { } refused)
        {
            if (refused.Code == "RequestTimeTooSkewed")
            {
                Interlocked.Increment(ref skewRefusals);
            }

            refusal = refused;
        }

        if (refusal is null && ExpiredKeys.ContainsKey(S3RequestCheck.KeyIdOf(context.Request)))
        {
            refusal = S3Refusal.Of("ExpiredToken", "The provided token has expired.");
        }

        if (refusal is null && isPut)
        {
            refusal = RefusePut?.Invoke(context.Request);
        }

        if (refusal is null && isPut && SlowDownEvery is > 0 and var every && Interlocked.Increment(ref puts) % every == 0)
        {
            Interlocked.Increment(ref refusedPuts);
            refusal = S3Refusal.Of("SlowDown", "Please reduce your request rate.");
        }

        if (refusal is null)
        {
            return false;
        }

        await refusal.AnswerAsync(context);
        return true;
    }

    // The whole body, read no faster than UploadBytesPerSecond when that is set.
    private async Task<MemoryStream> ReadBodyAsync(HttpContext context)
    {
        var body = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var watch = Stopwatch.StartNew();
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            body.Write(chunk, 0, read);
            var ahead = UploadBytesPerSecond > 0 ? TimeSpan.FromSeconds((double)body.Length / UploadBytesPerSecond) - watch.Elapsed : TimeSpan.Zero;
            if (ahead > TimeSpan.Zero)
            {
                await Task.Delay(ahead, context.RequestAborted); // the link's pace, not a wait for anything
            }
        }

        body.Position = 0;
        return body;
    }

    // If-None-Match: * on a key already written is refused as S3 refuses it, which s3rver does not.
    private async Task<S3Refusal?> ExistingAsync(HttpContext context)
    {
        if (context.Request.Headers.IfNoneMatch != "*")
        {
            return null;
        }

        Interlocked.Increment(ref conditionalPuts);
        using var head = await upstream.SendAsync(new HttpRequestMessage(HttpMethod.Head, context.Request.Path), context.RequestAborted);
        return head.IsSuccessStatusCode ? S3Refusal.Of("PreconditionFailed", "At least one of the pre-conditions you specified did not hold") : null;
    }

    private async Task ForwardAsync(HttpContext context, bool isPut, MemoryStream? body)
    {
        try
        {
            using var response = await upstream.SendAsync(Forward(context.Request, body), HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
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

    private void Record(HttpContext context)
    {
        var key = Uri.UnescapeDataString(context.Request.Path.Value!.Split('/', 3)[2]);
        WrittenAt.TryAdd(key, TimeProvider.System.GetTimestamp());
        Written.AddOrUpdate(key, 1, (_, count) => count + 1);
    }

    private static HttpRequestMessage Forward(HttpRequest request, MemoryStream? body)
    {
        var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        if (body is not null)
        {
            forward.Content = new StreamContent(body);
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

        // s3rver knows its own key only and checks no signature: a request the proxy took (signed with an assumed role's or
        // a container's key) is passed on under s3rver's key.
        if (S3RequestCheck.KeyIdOf(request) is { Length: > 0 } keyId && keyId != TestServices.S3Key)
        {
            forward.Headers.Remove("Authorization");
            forward.Headers.TryAddWithoutValidation("Authorization", request.Headers.Authorization.ToString().Replace($"Credential={keyId}/", $"Credential={TestServices.S3Key}/", StringComparison.Ordinal));
        }

        return forward;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
