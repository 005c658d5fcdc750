namespace S3Consumer.Worker.Telemetry;

/// <summary>How the worker names itself in what it exports, bound from <c>Telemetry</c> and checked at start by <see cref="WorkerTelemetryOptionsValidator"/>.</summary>
public sealed class WorkerTelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The <c>service.name</c> of its traces, metrics and logs, where <c>OTEL_SERVICE_NAME</c> names none.</summary>
    public string ServiceName { get; set; } = "s3consumer";
}
