using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Health;

/// <summary>Checks the <c>Health</c> options at start, each refusal naming its key.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ValidationResults.Of(Ranges.Outside("Health:Port", options.Port, 0, 65535, "a TCP port; 0 takes any free one"));
    }
}
