using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace S3Consumer.Testing;

/// <summary>An HTTPS server on 127.0.0.1 (an ephemeral port) that answers as the test maps it and counts every request.</summary>
public sealed class HttpsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private int requests;

    private HttpsServer(WebApplication app) => this.app = app;

    public int Port { get; private set; }

    /// <summary>Requests received, each counted before it is answered.</summary>
    public int Requests => Volatile.Read(ref requests);

    public static async Task<HttpsServer> StartAsync(X509Certificate2 certificate, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new HttpsServer(app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref server.requests);
            return next(context);
        });
        map(app);
        await app.StartAsync();
        server.Port = new Uri(app.Urls.Single()).Port;
        return server;
    }

    /// <summary>An https URL of this server under <paramref name="host"/> (<c>localhost</c> or <c>127.0.0.1</c>).</summary>
    public string Url(string host, string pathAndQuery) => $"https://{host}:{Port}{pathAndQuery}";

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
