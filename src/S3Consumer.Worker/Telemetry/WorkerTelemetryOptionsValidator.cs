using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Telemetry;

/// <summary>Checks the <c>Telemetry</c> options at start, each refusal naming its key.</summary>
internal sealed class WorkerTelemetryOptionsValidator : IValidateOptions<WorkerTelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerTelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ValidationResults.Of(string.IsNullOrWhiteSpace(options.ServiceName)
            ? "Telemetry:ServiceName is empty: name the service its traces, metrics and logs are exported as, or leave it out for s3consumer."
            : null);
    }
}
