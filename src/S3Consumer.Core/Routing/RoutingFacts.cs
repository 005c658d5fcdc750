namespace S3Consumer.Core.Routing;

/// <summary>What a message says about where it goes.</summary>
/// <param name="Action">The action of the queue it came from: <c>read</c> or <c>subscribe</c>.</param>
/// <param name="DestinationHeader">The <c>destination</c> header.</param>
/// <param name="DestinationField">The body's <c>destination</c> field.</param>
public sealed record RoutingFacts(string Action, string? DestinationHeader, string? DestinationField, string? ObjectName, string? Provider);
