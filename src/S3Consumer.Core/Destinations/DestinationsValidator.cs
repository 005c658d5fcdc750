using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Configuration;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Destinations;

/// <summary>Checks every destination, at start and on each reload, so the worker never runs half-configured.</summary>
public sealed class DestinationsValidator(IConfiguration configuration) : IValidateOptions<ConfiguredDestinations>
{
    public ValidateOptionsResult Validate(string? name, ConfiguredDestinations options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Unconverted(options).Concat(options.SelectMany(destination =>
            Problems(destination.Value).Concat(AssumedRoleRules.Problems(destination.Value)).Concat(WriteOptionsRules.Problems(destination.Value))
                .Select(problem => $"Destination '{destination.Key}': {problem}"))).ToList();
        if (failures.Count == 0 && options.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                "No destination is configured: add one with Destinations:<name>:Bucket and Destinations:<name>:Region.");
        }

        return ValidationResults.Of(failures);
    }

    // The binder drops a destination with a value it cannot convert (ForcePathStyle: "yes") without a word, and its
    // own error quotes the value, which may be a secret: find the key by binding each of the destination's alone.
    private IEnumerable<string> Unconverted(ConfiguredDestinations options) =>
        configuration.GetSection(ConfiguredDestinations.SectionName).GetChildren()
            .Where(destination => !options.ContainsKey(destination.Key))
            .SelectMany(destination => destination.AsEnumerable().Where(setting => setting.Value is not null && !Converts(destination, setting))
                .Select(setting => $"Destination '{destination.Key}': the value of {setting.Key} does not convert to its type " +
                                   "(true or false, a number, an absolute URL, a time as hh:mm:ss...)."));

    private static bool Converts(IConfigurationSection destination, KeyValuePair<string, string?> setting)
    {
        try
        {
            _ = new ConfigurationBuilder().AddInMemoryCollection([setting]).Build().GetSection(destination.Path).Get<DestinationOptions>();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
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

        if (!StorageClasses.IsKnown(destination.StorageClass))
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

        if (!ObjectEnvelopes.TryParse(destination.Envelope, out _))
        {
            yield return $"Envelope '{destination.Envelope}' is unknown; use one of {ObjectEnvelopes.ValidNames}: data writes {{\"data\": <message>}}, none the message itself.";
        }

        if (TemplateProblem(destination.ObjectKeyTemplate, destination) is { } problem)
        {
            yield return problem;
        }

        if (ObjectFormats.Problem(destination) is { } formatProblem)
        {
            yield return formatProblem;
        }

        foreach (var batchProblem in BatchOptionsRules.Problems(destination.Batch))
        {
            yield return batchProblem;
        }
    }

    private static string? TemplateProblem(string? template, DestinationOptions destination)
    {
        try
        {
            var parsed = template is null ? null : ObjectKeyTemplate.Parse(template);
            return parsed is not null && destination.Batch.Enabled ? BatchKeyTemplates.Problem(parsed, destination) : null;
        }
        catch (FormatException error)
        {
            return $"ObjectKeyTemplate {template} does not parse: {error.Message}";
        }
    }
}
