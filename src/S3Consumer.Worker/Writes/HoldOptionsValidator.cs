using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Writes;

/// <summary>Checks <see cref="HoldOptions"/> at start, with a line naming the key and its range for a value out of it.</summary>
internal sealed class HoldOptionsValidator : IValidateOptions<HoldOptions>
{
    public ValidateOptionsResult Validate(string? name, HoldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string?[] problems =
        [
            Ranges.Outside("S3:HoldDelay", options.HoldDelay, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1),
                "how long an unavailable destination's message waits before it is tried again"),
            Ranges.Outside("S3:MaxUnavailable", options.MaxUnavailable, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365),
                "how long a destination may be unavailable before its messages go to the error queue"),
        ];
        return ValidationResults.Of(problems);
    }
}
