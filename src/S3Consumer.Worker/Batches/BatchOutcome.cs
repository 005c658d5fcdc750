namespace S3Consumer.Worker.Batches;

/// <summary>
/// What became of a message's batch: written as <see cref="Key"/>, or not taken by its destination (<see cref="UnavailableCode"/>
/// says why), in which case every message of it is held.
/// </summary>
public sealed record BatchOutcome(string BatchId, string Key, string? UnavailableCode)
{
    public bool Written => UnavailableCode is null;
}
