using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>A worker's <c>/health/ready</c>, read as an orchestrator would.</summary>
internal sealed class Readiness(Uri address) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

    public static Readiness Of(WorkerHost worker) =>
        new(new Uri(worker.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));

    public HttpClient Http => http;

    public async Task<(HttpStatusCode Status, string Body)> ReadAsync()
    {
        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the report satisfies <paramref name="done"/>; fails with the last report otherwise.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Report, string Body)> WaitForAsync(
        Func<HttpStatusCode, JsonElement, bool> done, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var (status, body, report) = (default(HttpStatusCode), "", default(JsonElement));
        await Poll.UntilAsync(
            async () =>
            {
                (status, body) = await ReadAsync();
                report = JsonDocument.Parse(body).RootElement;
                return done(status, report);
            },
            timeout ?? TimeSpan.FromSeconds(30), $"readiness to show {what}", TimeSpan.FromMilliseconds(250), () => $"{(int)status} {body}");
        return (status, report, body);
    }

    public static string? Field(JsonElement report, string check, string field) =>
        report.GetProperty("checks").TryGetProperty(check, out var entry) && entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public void Dispose() => http.Dispose();
}
