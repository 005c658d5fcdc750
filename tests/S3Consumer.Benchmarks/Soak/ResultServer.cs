using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// Where results sent by URL are downloaded from, as Ampersand's signed download URLs: HTTPS on <c>localhost</c>, with a
/// CA made for the run that the workers trust through <c>SSL_CERT_FILE</c>. <c>/records/&lt;id&gt;</c> serves the records
/// of that message (made again from its id and size); <c>/gone/&lt;id&gt;</c> answers 410, as an expired URL.
/// </summary>
internal sealed class ResultServer : IAsyncDisposable
{
    private const string Signature = "X-Amz-Expires=900&X-Amz-Signature=soak";
    private readonly ConcurrentDictionary<string, (int Bytes, bool Subscribe)> results = new();
    private readonly TestCertificateAuthority authority;
    private HttpsServer server = null!;

    private ResultServer(TestCertificateAuthority authority) => this.authority = authority;

    /// <summary>The host to list in <c>Results:AllowedHosts</c>.</summary>
    public static string Host => "localhost";

    /// <summary>The PEM file of the CA, for the workers' <c>SSL_CERT_FILE</c>.</summary>
    public string CertificateBundle => authority.BundlePath;

    public long Downloads => server.Requests;

    public static async Task<ResultServer> StartAsync()
    {
        var results = new ResultServer(TestCertificateAuthority.Create());
        results.server = await HttpsServer.StartAsync(results.authority.Server, app =>
        {
            app.MapGet("/records/{id}", (HttpContext context, string id) => results.ServeAsync(context, id));
            app.MapGet("/gone/{id}", () => Results.StatusCode(StatusCodes.Status410Gone));
        });
        return results;
    }

    /// <summary>A download URL of <paramref name="bytes"/> bytes of records for message <paramref name="id"/>.</summary>
    public string RecordsUrl(string id, int bytes, bool subscribe)
    {
        results[id] = (bytes, subscribe);
        return server.Url(Host, $"/records/{id}?{Signature}");
    }

    /// <summary>A download URL that has expired.</summary>
    public string GoneUrl(string id) => server.Url(Host, $"/gone/{id}?{Signature}");

    /// <summary>
    /// About <paramref name="bytes"/> bytes of records, a JSON array, each naming <paramref name="id"/>: the same every
    /// time for the same arguments, so that what is served need not be kept. Inline results are made the same way.
    /// </summary>
    public static string Records(string id, int bytes, bool subscribe)
    {
        const int RecordBytes = 16 * 1024;
        var records = new StringBuilder("[");
        for (var record = 0; record == 0 || records.Length < bytes; record++)
        {
            var note = new string((char)('a' + (record % 26)), Math.Clamp(bytes - records.Length - 120, 1, RecordBytes));
            records.Append(CultureInfo.InvariantCulture, $"{(record == 0 ? "" : ",")}{{\"fields\":{{\"id\":\"{record}\",\"soakId\":\"{id}\",\"note\":\"{note}\"}},");
            records.Append(subscribe ? "\"subscribeEventType\":\"update\",\"providerEventType\":\"UPDATE\"}" : $"\"raw\":{{\"id\":\"{record}\"}}}}");
        }

        return records.Append(']').ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        authority.Dispose();
    }

    private async Task ServeAsync(HttpContext context, string id)
    {
        if (!results.TryGetValue(id, out var result))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Records(id, result.Bytes, result.Subscribe), Encoding.UTF8, context.RequestAborted);
    }
}
