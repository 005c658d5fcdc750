using Microsoft.Extensions.Options;

namespace S3Consumer.Worker.Results;

/// <summary>Checks <c>Results</c> at start: every allowed host is a host name or a <c>*.</c> pattern, and the size limit is positive.</summary>
public sealed class ResultsOptionsValidator : IValidateOptions<ResultsOptions>
{
    public ValidateOptionsResult Validate(string? name, ResultsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.AllowedHosts
            .Where(host => Uri.CheckHostName(ResultHosts.IsPattern(host) ? host[2..] : host) == UriHostNameType.Unknown)
            .Select(host => $"Results:AllowedHosts entry '{host}' is not a host name: list names such as storage.googleapis.com, or *.example.com for every subdomain of example.com.")
            .ToList();
        if (Ranges.Outside("Results:MaxBytes", options.MaxBytes, 1L, long.MaxValue, "the most a downloaded result may hold, in bytes; default 1073741824, 1 GiB") is { } maxBytes)
        {
            failures.Add(maxBytes);
        }

        return ValidationResults.Of(failures);
    }
}
