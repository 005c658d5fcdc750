using S3Consumer.Core.Messages;

namespace S3Consumer.Core.Routing;

/// <summary>What a message says about where it goes.</summary>
/// <param name="Action">The message's action: its queue's, or on a queue that takes both, its own.</param>
/// <param name="DestinationHeader">The <c>destination</c> header.</param>
/// <param name="DestinationField">The body's <c>destination</c> field.</param>
public sealed record RoutingFacts(string? Action, string? DestinationHeader, string? DestinationField, string? ObjectName, string? Provider)
{
    /// <summary>The <c>notificationType</c> header: a notification goes to <c>Routing:Notifications</c>.</summary>
    public string? NotificationType { get; init; }

    /// <summary>What a delivered message, as <see cref="ActionMessageReader"/> read it, says about where it goes.</summary>
    public static RoutingFacts Of(InboundMessage message, ActionMessage read)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(read);
        return new RoutingFacts(
            message.QueueAction ?? read.Fields.Action, message.DestinationHeader, read.Destination,
            string.IsNullOrEmpty(read.Fields.ObjectName) ? message.MetadataHeaders.ObjectName : read.Fields.ObjectName, read.Fields.Provider)
        {
            NotificationType = message.NotificationType,
        };
    }
}
