using Microsoft.Extensions.Options;

namespace S3Consumer.Core.Routing;

/// <summary>
/// Picks the destination a message goes to: its <c>destination</c> header, else its body's <c>destination</c>, else
/// the object of <c>Routing:Manifest</c> it is about, else <c>Routing:Default</c>. A notification goes to
/// <c>Routing:Notifications</c>.
/// </summary>
public sealed class DestinationRouter
{
    private readonly string? fallback;
    private readonly string? notifications;
    private readonly AmpManifest? manifest;

    public DestinationRouter(IOptions<RoutingOptions> options, RoutingManifest manifests)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(manifests);
        fallback = Named(options.Value.Default);
        notifications = Named(options.Value.Notifications);
        manifest = manifests.Of(options.Value.Manifest);
    }

    /// <summary>Whether notifications are written (to <c>Routing:Notifications</c>); when not, they are skipped.</summary>
    public bool WritesNotifications => notifications is not null;

    /// <summary>The destination's name; throws <see cref="UndeliverableMessageException"/> where none is found or two disagree.</summary>
    public string Route(RoutingFacts message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.NotificationType is { } notification)
        {
            return notifications ?? throw Unroutable(
                $"The message is a notification ({Excerpt.Quote(notification)}) and Routing:Notifications is not set: set it to the destination that keeps notifications.");
        }

        var header = Named(message.DestinationHeader);
        var field = Named(message.DestinationField);
        if (header is not null && field is not null && !string.Equals(header, field, StringComparison.OrdinalIgnoreCase))
        {
            throw new UndeliverableMessageException(UndeliverableReason.AmbiguousMessage,
                $"the 'destination' header names '{Excerpt.Quote(header)}' but the body's destination field names '{Excerpt.Quote(field)}': send one of them, or make them agree.");
        }

        return header ?? field ?? manifest?.DestinationOf(message.Action ?? "", Named(message.Provider), Named(message.ObjectName)) ?? fallback
            ?? throw Unroutable(NoDestination(message));
    }

    private string NoDestination(RoutingFacts message)
    {
        var about = $"{message.Action} object '{message.ObjectName}'" + (message.Provider is { } provider ? $" of provider '{provider}'" : "");
        return manifest is null
            ? "The message names no destination: set the 'destination' header or the body's destination field, or set Routing:Manifest (an amp.yaml) or Routing:Default."
            : $"The message names no destination and Routing:Manifest has no {about}: add it to the manifest with its destination, set the 'destination' header, or set Routing:Default.";
    }

    private static string? Named(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static UndeliverableMessageException Unroutable(string message) =>
        new(UndeliverableReason.UnknownDestination, message);
}
