using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace S3Consumer.Worker.Telemetry;

internal static class TelemetryRegistration
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry: the worker's own source and meter, MassTransit's, Polly's and
    /// the HTTP client's; exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<WorkerTelemetryOptions>().BindConfiguration(WorkerTelemetryOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkerTelemetryOptions>, WorkerTelemetryOptionsValidator>();
        builder.Services.AddSingleton<WorkerTelemetry>();
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddSimpleConsole(console => console.IncludeScopes = true);

        // Spans and measurements cost CPU on every message; with no one to send them to, none are made.
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        // ConfigureResource is given no services to ask the options of: the name is read as they bind.
        var serviceName = configuration["OTEL_SERVICE_NAME"]
            ?? (configuration.GetSection(WorkerTelemetryOptions.SectionName).Get<WorkerTelemetryOptions>() ?? new WorkerTelemetryOptions()).ServiceName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(WorkerTelemetry.Name, DiagnosticHeaders.DefaultListenerName)
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(WorkerTelemetry.Name, InstrumentationOptions.MeterName, "Polly")
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(_ => { }, logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            })
            .UseOtlpExporter();
        return builder;
    }
}
