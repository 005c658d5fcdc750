using Microsoft.Extensions.Options;
using S3Consumer.Core.Configuration;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Routing;

/// <summary>
/// Checks at start that the manifest parses and that it, <c>Routing:Default</c> and <c>Routing:Notifications</c> name
/// configured destinations.
/// </summary>
public sealed class RoutingValidator(IOptions<ConfiguredDestinations> destinations, RoutingManifest manifest) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = destinations.Value;
        var failures = new List<string>();
        foreach (var (key, destination) in (ReadOnlySpan<(string, string?)>)[("Routing:Default", options.Default), ("Routing:Notifications", options.Notifications)])
        {
            if (!string.IsNullOrWhiteSpace(destination) && !configured.ContainsKey(destination))
            {
                failures.Add($"{key} names destination '{destination}', which is not configured: {Fix(destination)}");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Manifest))
        {
            try
            {
                failures.AddRange(manifest.Of(options.Manifest)!.Routes
                    .Where(route => !configured.ContainsKey(route.Destination))
                    .Select(route => $"Routing:Manifest '{options.Manifest}': integration '{route.Integration}' sends {route.Action} object " +
                                     $"'{route.ObjectName}' to destination '{route.Destination}', which is not configured: {Fix(route.Destination)}"));
            }
            catch (FormatException error)
            {
                failures.Add(error.Message);
            }
        }

        return ValidationResults.Of(failures);
    }

    private static string Fix(string destination) =>
        $"add Destinations:{destination}:Bucket and Destinations:{destination}:Region, or fix the name.";
}
