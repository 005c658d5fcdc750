namespace S3Consumer.Worker.Messaging;

/// <summary>
/// The broker did not take a message's held copy (its holding queue's declare or the confirmed publish failed or timed
/// out): nothing is wrong with the message, so it goes back to its queue (see <see cref="FailedHoldRequeue"/>), never to
/// the error queue.
/// </summary>
public sealed class HoldFailedException(string holdingQueue, Exception error)
    : Exception($"The message could not be held in {holdingQueue}: {error.Message}", error)
{
    public string HoldingQueue { get; } = holdingQueue;
}
