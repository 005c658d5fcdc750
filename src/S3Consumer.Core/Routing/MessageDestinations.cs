using S3Consumer.Core.Destinations;
using S3Consumer.Core.Messages;

namespace S3Consumer.Core.Routing;

/// <summary>The one way from a delivered message to its destination, for the worker and the tool: routed, then looked up.</summary>
public sealed class MessageDestinations(DestinationRouter router, DestinationCatalog destinations)
{
    /// <summary>
    /// The destination of <paramref name="message"/>, as <see cref="ActionMessageReader"/> read it: named by
    /// <see cref="DestinationRouter"/>, then as the configuration says now; throws <see cref="UndeliverableMessageException"/>
    /// where none is found, two disagree, or the one named is not configured.
    /// </summary>
    public Destination Of(InboundMessage message, ActionMessage read) => destinations.Resolve(router.Route(RoutingFacts.Of(message, read)));
}
