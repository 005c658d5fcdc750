using Microsoft.Extensions.Options;
using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Destinations;

/// <summary>Checks every destination at start, so the worker never runs half-configured.</summary>
public sealed class DestinationsValidator : IValidateOptions<DestinationsOptions>
{
    public ValidateOptionsResult Validate(string? name, DestinationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "No destination is configured: add one with Destinations:<name>:Bucket and Destinations:<name>:Region.");
        }

        var failures = options.SelectMany(destination => Problems(destination.Value)
            .Select(problem => $"Destination '{destination.Key}': {problem}")).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Problems(DestinationOptions destination)
    {
        if (string.IsNullOrWhiteSpace(destination.Bucket))
        {
            yield return "Bucket is missing; set the name of the S3 bucket to write to.";
        }

        if (string.IsNullOrWhiteSpace(destination.Region))
        {
            yield return "Region is missing; set the bucket's AWS region, e.g. us-west-2.";
        }

        if (!StorageClasses.TryParse(destination.StorageClass, out _))
        {
            yield return $"StorageClass '{destination.StorageClass}' is unknown; use one of {StorageClasses.ValidNames}.";
        }

        if (string.IsNullOrEmpty(destination.AccessKeyId) != string.IsNullOrEmpty(destination.SecretAccessKey))
        {
            yield return "AccessKeyId and SecretAccessKey go together; set both, or neither to use the AWS default credential chain.";
        }

        if (!string.IsNullOrEmpty(destination.SessionToken) && string.IsNullOrEmpty(destination.AccessKeyId))
        {
            yield return "SessionToken needs AccessKeyId and SecretAccessKey beside it.";
        }

        if (destination.ServiceUrl is { IsAbsoluteUri: false })
        {
            yield return $"ServiceUrl '{destination.ServiceUrl}' is not an absolute URL such as http://localhost:9000.";
        }

        if (TemplateProblem(destination.ObjectKeyTemplate) is { } problem)
        {
            yield return problem;
        }

        foreach (var batchProblem in destination.Batch.Problems())
        {
            yield return batchProblem;
        }
    }

    private static string? TemplateProblem(string? template)
    {
        try
        {
            _ = template is null ? null : ObjectKeyTemplate.Parse(template);
            return null;
        }
        catch (FormatException error)
        {
            return $"ObjectKeyTemplate {template} does not parse: {error.Message}";
        }
    }
}
