using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// An HTTP proxy in front of the test S3 server that counts the PUTs it sees and can answer some with S3's
/// 503 SlowDown, or hold each one back for a while. When the server behind it is down, it drops the connection,
/// as a stopped S3 endpoint would.
/// </summary>
internal sealed class S3FaultProxy : IAsyncDisposable
{
    private const string SlowDown = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";

    private static readonly HashSet<string> HopHeaders = new(["Host", "Transfer-Encoding", "Connection", "Expect"], StringComparer.OrdinalIgnoreCase);
    private readonly HttpClient upstream = new() { BaseAddress = TestServices.S3Url, Timeout = TimeSpan.FromMinutes(5) };
    private readonly WebApplication app;
    private long puts;

    private S3FaultProxy(WebApplication app) => this.app = app;

    public Uri Url => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Answers every <c>n</c>th PUT with 503 SlowDown; 0 forwards them all.</summary>
    public int SlowDownEvery { get; set; }

    /// <summary>When set, every PUT and every HEAD is answered with this S3 error, as AWS answers what s3rver cannot emulate.</summary>
    public S3Refusal? Refusal { get; set; }

    /// <summary>How long each PUT is held before it is forwarded.</summary>
    public TimeSpan PutDelay { get; set; }

    /// <summary>Successful PUTs per key: more than one means the key was written again.</summary>
    public ConcurrentDictionary<string, int> Written { get; } = new();

    public long StartedPuts;

    /// <summary>PUTs that carried <c>If-None-Match: *</c>; the proxy answers them as S3 does, which s3rver does not.</summary>
    public long ConditionalPuts;

    public long RefusedPuts;

    public long FailedPuts;

    public static async Task<S3FaultProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var proxy = new S3FaultProxy(app);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var isPut = HttpMethods.IsPut(context.Request.Method) && context.Request.Path.Value!.Count(c => c == '/') > 1;
        if (Refusal is { } refusal && (isPut || HttpMethods.IsHead(context.Request.Method)))
        {
            await refusal.AnswerAsync(context);
            return;
        }

        if (isPut && (await RefuseAsync(context) || await RefuseExistingAsync(context)))
        {
            return;
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
                Written.AddOrUpdate(Uri.UnescapeDataString(context.Request.Path.Value!.Split('/', 3)[2]), 1, (_, count) => count + 1);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref FailedPuts);
            context.Abort();
        }
    }

    private async Task<bool> RefuseAsync(HttpContext context)
    {
        Interlocked.Increment(ref StartedPuts);
        await Task.Delay(PutDelay, context.RequestAborted);
        var every = SlowDownEvery;
        if (every <= 0 || Interlocked.Increment(ref puts) % every != 0)
        {
            return false;
        }

        Interlocked.Increment(ref RefusedPuts);
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(SlowDown);
        return true;
    }

    private async Task<bool> RefuseExistingAsync(HttpContext context)
    {
        if (context.Request.Headers.IfNoneMatch != "*")
        {
            return false;
        }

        Interlocked.Increment(ref ConditionalPuts);
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
