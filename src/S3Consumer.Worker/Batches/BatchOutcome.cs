using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// What became of a message's batch: written as <see cref="Key"/>, or not taken by its destination (see
/// <see cref="Write"/>), in which case every message of it is held.
/// </summary>
public sealed record BatchOutcome(string BatchId, string Key, WriteOutcome Write);
