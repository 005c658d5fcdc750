namespace S3Consumer.Core.Routing;

/// <summary>Where a message that names no destination goes, bound from the <c>Routing</c> section.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>The destination of a message that names none and that the manifest does not route.</summary>
    public string? Default { get; set; }

    /// <summary>Path of the user's <c>amp.yaml</c>, whose read and subscribe objects name their destinations.</summary>
    public string? Manifest { get; set; }

    /// <summary>
    /// The destination of Ampersand's notifications (messages with a <c>notificationType</c> header); without it they are
    /// acknowledged and counted as skipped.
    /// </summary>
    public string? Notifications { get; set; }
}
