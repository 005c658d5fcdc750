using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Results;

/// <summary>
/// A worker process that lists <c>localhost</c> in Results:AllowedHosts and trusts the test's own CA through
/// <c>SSL_CERT_FILE</c>; the listed HTTPS server it fetches from, and a second one, under 127.0.0.1, that is not listed.
/// </summary>
public sealed class UrlResultFixture : IAsyncLifetime
{
    public const string Records = """[{"fields":{"id":"438","firstname":"Maria","score":1e300},"raw":{"id":"438","createdAt":"2023-10-26T17:55:48.301Z"}},{"fields":{"id":"439"}}]""";

    /// <summary>Stands for the URL's signature: it must appear in no reason and no log line.</summary>
    public const string Signature = "X-Amz-Signature=SENTINEL-signature";

    public const int MaxBytes = 4096;

    private TestCertificateAuthority authority = null!;
    private WorkerProcess process = null!;

    internal HttpsServer Listed { get; private set; } = null!;

    internal HttpsServer NotListed { get; private set; } = null!;

    internal S3Bucket Bucket { get; private set; } = null!;

    internal Broker Broker { get; private set; } = null!;

    internal string ReadQueue { get; private set; } = null!;

    internal IEnumerable<string> WorkerOutput => process.Output;

    public async Task InitializeAsync()
    {
        authority = TestCertificateAuthority.Create();
        NotListed = await HttpsServer.StartAsync(authority.Server, app => app.Run(context => context.Response.WriteAsync(Records)));
        Listed = await HttpsServer.StartAsync(authority.Server, Map);
        Bucket = await S3Bucket.CreateAsync();
        Broker = await Broker.ConnectAsync();
        var settings = WorkerHost.Settings(Bucket.Name, ("Results:AllowedHosts:0", "localhost"), ("Results:MaxBytes", $"{MaxBytes}"));
        settings["SSL_CERT_FILE"] = authority.BundlePath;
        ReadQueue = settings["Queues:Read"]!;
        process = await WorkerProcess.StartAsync(settings, ReadQueue);
    }

    public async Task DisposeAsync()
    {
        process.Dispose();
        await Broker.DeleteQueuesAsync(ReadQueue, ReadQueue.Replace("-read", "-subscribe", StringComparison.Ordinal));
        await Broker.DisposeAsync();
        await Bucket.DisposeAsync();
        await Listed.DisposeAsync();
        await NotListed.DisposeAsync();
        authority.Dispose();
    }

    // What the listed host answers, by path.
    private void Map(WebApplication app)
    {
        app.MapGet("/records", (HttpContext context) => Json(context, Records));
        app.MapGet("/moved", (HttpContext context) => Redirect(context, $"/records?{Signature}"));
        app.MapGet("/elsewhere", (HttpContext context) => Redirect(context, NotListed.Url("127.0.0.1", $"/records?{Signature}")));
        app.MapGet("/expired", (HttpContext context) => Status(context, StatusCodes.Status403Forbidden));
        app.MapGet("/gone", (HttpContext context) => Status(context, StatusCodes.Status410Gone));
        app.MapGet("/unavailable-once", (HttpContext context) => Interlocked.Increment(ref unavailable) == 1
            ? Status(context, StatusCodes.Status503ServiceUnavailable)
            : Json(context, Records));
        app.MapGet("/object", (HttpContext context) => Json(context, """{"result":[]}"""));
        app.MapGet("/huge", async (HttpContext context) =>
        {
            // Chunked, with no Content-Length: only counting what arrives can stop it.
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[");
            for (var i = 0; i < 100; i++)
            {
                await context.Response.WriteAsync(new string('1', 100) + ",");
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync("1]");
        });
    }

    private int unavailable;

    private static Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body, Encoding.UTF8);
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
