using S3Consumer.Core.Messages;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Consumers;

/// <summary>
/// The messages a consumer acknowledges without writing them: Ampersand's notifications while
/// <c>Routing:Notifications</c> is not set, and the probes <c>s3consumer check</c> sends through the ingress exchange.
/// Each is counted (<c>s3consumer.messages.skipped</c>, by reason); none is ever parked.
/// </summary>
public sealed partial class SkippedMessages(DestinationRouter router, WorkerTelemetry telemetry, ILogger<SkippedMessages> logger)
{
    private int notificationsSkipped;

    /// <summary>Whether the message is one to acknowledge as it is: counted here, and not to be delivered.</summary>
    public bool Skip(InboundMessage message, bool isCheckProbe)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (isCheckProbe)
        {
            telemetry.CountSkipped(IngressProbe.SkipReason);
            return true;
        }

        if (message.NotificationType is not { } notification || router.WritesNotifications)
        {
            return false;
        }

        telemetry.CountSkipped("notification");
        if (Interlocked.Exchange(ref notificationsSkipped, 1) == 0)
        {
            LogNotificationsSkipped(notification);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message =
        "A notification ({NotificationType}) was acknowledged without being written, as every notification will be while Routing:Notifications is not set: " +
        "set it to a destination to keep them (counted in s3consumer.messages.skipped, reason notification)")]
    private partial void LogNotificationsSkipped(string notificationType);
}
