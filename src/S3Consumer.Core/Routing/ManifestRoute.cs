namespace S3Consumer.Core.Routing;

/// <summary>One object of an <c>amp.yaml</c> read or subscribe section that names a destination.</summary>
/// <param name="Provider">The integration's provider; null where it names none, and then any provider matches.</param>
public sealed record ManifestRoute(string Integration, string Action, string? Provider, string ObjectName, string Destination);
