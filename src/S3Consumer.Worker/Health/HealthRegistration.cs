using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Storage;

namespace S3Consumer.Worker.Health;

internal static class HealthRegistration
{
    private const string Ready = "ready";
    private const string Destinations = "s3";

    /// <summary>
    /// Liveness and readiness on <c>Health:Port</c> (default 8080), checked at start. Ready means the bus is connected
    /// (MassTransit's own check, tagged <c>ready</c>) and at least one destination takes writes.
    /// </summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HealthOptions>>((kestrel, health) => kestrel.ListenAnyIP(health.Value.Port));
        builder.Services.AddHttpClient(nameof(DestinationsHealthCheck), client =>
        {
            client.Timeout = TimeSpan.FromSeconds(3);
            client.DefaultRequestHeaders.UserAgent.ParseAdd(S3UserAgent.Value);
        });
        builder.Services.AddHealthChecks().AddCheck<DestinationsHealthCheck>(Destinations, tags: [Ready]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>
    /// Some destinations unavailable: Degraded, and still ready (200), since the others go on. The broker lost (which
    /// MassTransit reports as Degraded) or every destination unavailable: Unhealthy, 503.
    /// </summary>
    public static HealthStatus Overall(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Entries
            .Select(entry => entry.Key == Destinations || entry.Value.Status == HealthStatus.Healthy ? entry.Value.Status : HealthStatus.Unhealthy)
            .DefaultIfEmpty(HealthStatus.Healthy)
            .Min();
    }

    // Each check's status and description, the destinations' check as one entry per destination (s3:<name>), so an
    // operator sees which part is not ready and why.
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var overall = Overall(report);
        context.Response.StatusCode = overall == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var checks = new Dictionary<string, object>();
        foreach (var (name, entry) in report.Entries)
        {
            if (name == Destinations)
            {
                foreach (var (destination, health) in entry.Data)
                {
                    var (status, description, code, since) = (DestinationHealth)health;
                    checks[$"{Destinations}:{destination}"] = new { status = status.ToString(), description, code, since };
                }
            }
            else
            {
                checks[name] = new { status = entry.Status.ToString(), description = entry.Description };
            }
        }

        return JsonSerializer.SerializeAsync(context.Response.Body, new { status = overall.ToString(), checks });
    }
}
