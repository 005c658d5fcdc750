using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace S3Consumer.Core.Routing;

/// <summary>
/// The user's <c>amp.yaml</c> (the format of the source document) read as routes: each object of a <c>read</c> or
/// <c>subscribe</c> section that names a <c>destination</c>. Objects without one are sent elsewhere by Ampersand.
/// </summary>
public sealed class AmpManifest
{
    private static readonly string[] Actions = ["read", "subscribe"];

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    // Keyed by action, provider ("" where the integration names none) and object name; names ignore case.
    private readonly Dictionary<string, ManifestRoute> routes;

    private AmpManifest(Dictionary<string, ManifestRoute> routes) => this.routes = routes;

    public IReadOnlyCollection<ManifestRoute> Routes => routes.Values;

    /// <summary>Reads the manifest at <paramref name="path"/>; throws <see cref="FormatException"/> saying what to fix.</summary>
    public static AmpManifest Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"Routing:Manifest '{path}' cannot be read ({error.GetType().Name}): point it at the amp.yaml file.", error);
        }

        return Parse(text, path);
    }

    /// <summary>Parses manifest text; <paramref name="source"/> names it in errors.</summary>
    public static AmpManifest Parse(string yaml, string source)
    {
        ManifestDocument? document;
        try
        {
            document = Yaml.Deserialize<ManifestDocument?>(yaml);
        }
        catch (YamlException error)
        {
            throw new FormatException(
                $"Routing:Manifest '{source}' is not an amp.yaml (line {error.Start.Line}, column {error.Start.Column}: {Innermost(error).Message}).", error);
        }

        var routes = new Dictionary<string, ManifestRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in RoutesOf(document, source))
        {
            var key = Key(route.Action, route.Provider, route.ObjectName);
            if (routes.TryGetValue(key, out var other) && !string.Equals(other.Destination, route.Destination, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException(
                    $"Routing:Manifest '{source}': {route.Action} object '{route.ObjectName}'{OfProvider(route.Provider)} goes to '{other.Destination}' " +
                    $"in integration '{other.Integration}' and to '{route.Destination}' in integration '{route.Integration}': give it one destination.");
            }

            routes[key] = route;
        }

        return new AmpManifest(routes);
    }

    /// <summary>
    /// The destination of a message of <paramref name="action"/> about <paramref name="objectName"/>: an object of the
    /// section of the same action first, then of the other; an integration that names a provider matches only its own.
    /// </summary>
    public string? DestinationOf(string action, string? provider, string? objectName)
    {
        if (string.IsNullOrEmpty(objectName))
        {
            return null;
        }

        var sections = Actions.OrderBy(section => string.Equals(section, action, StringComparison.OrdinalIgnoreCase) ? 0 : 1);
        foreach (var section in sections)
        {
            var route = (provider is null ? null : routes.GetValueOrDefault(Key(section, provider, objectName)))
                        ?? routes.GetValueOrDefault(Key(section, null, objectName));
            if (route is not null)
            {
                return route.Destination;
            }
        }

        return null;
    }

    private static IEnumerable<ManifestRoute> RoutesOf(ManifestDocument? document, string source)
    {
        foreach (var (integration, index) in (document?.Integrations ?? []).Select((integration, index) => (integration, index)))
        {
            var name = integration?.Name ?? $"#{index + 1}";
            foreach (var (action, section) in new[] { ("read", integration?.Read), ("subscribe", integration?.Subscribe) })
            {
                foreach (var (item, position) in (section?.Objects ?? []).Select((item, position) => (item, position)))
                {
                    if (string.IsNullOrWhiteSpace(item?.ObjectName))
                    {
                        throw new FormatException(
                            $"Routing:Manifest '{source}': object #{position + 1} of the {action} section of integration '{name}' has no objectName.");
                    }

                    if (!string.IsNullOrWhiteSpace(item.Destination))
                    {
                        var provider = string.IsNullOrWhiteSpace(integration?.Provider) ? null : integration.Provider;
                        yield return new ManifestRoute(name, action, provider, item.ObjectName, item.Destination);
                    }
                }
            }
        }
    }

    private static string Key(string action, string? provider, string objectName) => $"{action}\n{provider}\n{objectName}";

    private static string OfProvider(string? provider) => provider is null ? "" : $" of provider '{provider}'";

    // YamlDotNet wraps a type mismatch (a list where a map belongs) around the error that says what it met.
    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;
}
