using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// An S3 endpoint on 127.0.0.1 that answers every request at once, 200 with an ETag, after reading its body: with it,
/// what bounds the worker is the worker itself (B3). It counts the object PUTs (those with a key) it answered, their
/// body bytes as sent (compressed, for a compressed batch), and the messages they hold, and keeps when it had each
/// key's body whole: the moment S3 has the object, for the latency.
/// </summary>
internal sealed class Blackhole : IObjectSink, IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, long> receivedAt = new(StringComparer.Ordinal);
    private Written written;
    private DateTime lastPutAt;

    private Blackhole(WebApplication app) => this.app = app;

    public Uri Url => new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public string Bucket => "blackhole";

    /// <summary>The blackhole's name in the report's CPU figures: its CPU is the harness's, which serves it alone during a worker's run.</summary>
    public const string ProcessName = "blackhole (harness)";

    public (string Name, int Pid) Process => (ProcessName, Environment.ProcessId);

    public TimeSpan CountInterval => TimeSpan.FromMilliseconds(20);

    public static async Task<Blackhole> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var blackhole = new Blackhole(builder.Build());
        blackhole.app.Run(blackhole.AnswerAsync);
        await blackhole.app.StartAsync();
        return blackhole;
    }

    public Written Written()
    {
        lock (gate)
        {
            return written;
        }
    }

    public DateTime LastWrittenAt()
    {
        lock (gate)
        {
            return lastPutAt;
        }
    }

    /// <summary>When the first PUT of <paramref name="key"/> had been read whole (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long ReceivedAt(string key) =>
        receivedAt.TryGetValue(key, out var at) ? at : throw new InvalidOperationException($"The blackhole received no PUT of {key}.");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var bytes = await DrainAsync(context.Request.Body, context.RequestAborted);
        var received = Stopwatch.GetTimestamp();
        context.Response.Headers.ETag = "\"0123456789abcdef0123456789abcdef\"";
        if (HttpMethods.IsPut(context.Request.Method) && context.Request.Path.Value is { } path && path.IndexOf('/', 1) is > 0 and var slash)
        {
            receivedAt.TryAdd(path[(slash + 1)..], received);
            var messages = Pipeline.Written.MessagesIn(context.Request.Headers[Pipeline.Written.BatchCountHeader].FirstOrDefault());
            lock (gate)
            {
                written = written.Add(messages, bytes);
                lastPutAt = DateTime.UtcNow;
            }
        }
    }

    /// <summary>Reads the body to its end and says how long it was.</summary>
    private static async Task<long> DrainAsync(Stream body, CancellationToken cancellation)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var total = 0L;
            for (int read; (read = await body.ReadAsync(buffer, cancellation)) > 0;)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
