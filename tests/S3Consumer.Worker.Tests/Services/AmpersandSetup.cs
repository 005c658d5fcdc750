using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using S3Consumer.Testing.Telemetry;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// The worker set up for Ampersand's RabbitMQ destination as the README shows, as a process of its own: destinations
/// <c>lake</c> (Routing:Default) and <c>crm</c> (where the manifest sends hubspot's contacts), <c>localhost</c> in
/// Results:AllowedHosts, and the test's own CA trusted through <c>SSL_CERT_FILE</c>. Beside it, the listed HTTPS server
/// results are fetched from, and a second one, under 127.0.0.1, that is not listed.
/// </summary>
public sealed class AmpersandSetup : IAsyncLifetime
{
    public const string Manifest = """
        specVersion: 1.0.0
        integrations:
          - name: hubspotToS3
            provider: hubspot
            read:
              objects:
                - objectName: contacts
                  destination: crm
            subscribe:
              objects:
                - objectName: contacts
                  destination: crm
        """;

    public const string Records = """[{"fields":{"id":"438","firstname":"Maria","score":1e300},"raw":{"id":"438","createdAt":"2023-10-26T17:55:48.301Z"}},{"fields":{"id":"439"}}]""";

    /// <summary>Stands for the URL's signature: it must appear in no reason and no log line.</summary>
    public const string Signature = "X-Amz-Signature=SENTINEL-signature";

    public const int MaxBytes = 4096;

    private readonly string manifestPath = Path.Combine(Path.GetTempPath(), $"amp-{Guid.NewGuid():N}.yaml");
    private TestCertificateAuthority authority = null!;
    private WorkerProcess process = null!;
    private int unavailable;

    internal HttpsServer Listed { get; private set; } = null!;

    internal HttpsServer NotListed { get; private set; } = null!;

    internal S3Bucket Bucket { get; private set; } = null!;

    internal Broker Broker { get; private set; } = null!;

    /// <summary>Where the worker exports its spans and logs.</summary>
    internal OtlpReceiver Telemetry { get; private set; } = null!;

    internal string ReadQueue { get; private set; } = null!;

    internal string SubscribeQueue { get; private set; } = null!;

    internal IEnumerable<string> WorkerOutput => process.Output;

    public async Task InitializeAsync()
    {
        authority = TestCertificateAuthority.Create();
        NotListed = await HttpsServer.StartAsync(authority.Server, app => app.Run(context => context.Response.WriteAsync(Records)));
        Listed = await HttpsServer.StartAsync(authority.Server, Map);
        Bucket = await S3Bucket.CreateAsync();
        Broker = await Broker.ConnectAsync();
        Telemetry = await OtlpReceiver.StartAsync();
        await File.WriteAllTextAsync(manifestPath, Manifest);
        var settings = WorkerHost.Settings(Bucket.Name,
            [.. WorkerHost.Destination("crm", Bucket.Name).Select(setting => (setting.Key, setting.Value!)),
             ("Routing:Default", "lake"), ("Routing:Manifest", manifestPath),
             ("Results:AllowedHosts:0", "localhost"), ("Results:MaxBytes", $"{MaxBytes}"),
             ("OTEL_EXPORTER_OTLP_ENDPOINT", Telemetry.Endpoint.ToString()), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
             ("OTEL_BSP_SCHEDULE_DELAY", "200"), ("OTEL_BLRP_SCHEDULE_DELAY", "200"),
             // A result its host does not serve yet holds the message: it is tried again a second later.
             ("S3:HoldDelay", "00:00:01")]);
        settings["SSL_CERT_FILE"] = authority.BundlePath;
        ReadQueue = settings["Queues:Read"]!;
        SubscribeQueue = settings["Queues:Subscribe"]!;
        process = await WorkerProcess.StartAsync(settings, ReadQueue);
    }

    public async Task DisposeAsync()
    {
        process.Dispose();
        await Broker.DeleteQueuesAsync(ReadQueue, SubscribeQueue);

        // A result its host does not serve yet holds its message for destination lake.
        await Broker.DeleteHoldingQueuesAsync(ReadQueue, ["lake"]);
        await Broker.DeleteHoldingQueuesAsync(SubscribeQueue, ["lake"]);
        await Broker.DisposeAsync();
        await Bucket.DisposeAsync();
        await Telemetry.DisposeAsync();
        await Listed.DisposeAsync();
        await NotListed.DisposeAsync();
        authority.Dispose();
        File.Delete(manifestPath);
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
