namespace S3Consumer.Worker.Batches;

/// <summary>
/// What became of a message's batch: written as <see cref="Key"/>, or not taken by its destination (<see cref="UnavailableCode"/>
/// says why), in which case every message of it is held; <see cref="MayHaveBeenWritten"/> when the write's end left
/// unknown whether S3 stored the object (see <see cref="Storage.S3UnavailableException.MayHaveBeenWritten"/>).
/// </summary>
public sealed record BatchOutcome(string BatchId, string Key, string? UnavailableCode, bool MayHaveBeenWritten = false)
{
    public bool Written => UnavailableCode is null;
}
