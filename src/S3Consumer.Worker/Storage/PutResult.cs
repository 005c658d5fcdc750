namespace S3Consumer.Worker.Storage;

/// <summary>What S3 said of a write: whether the key was already taken (no-overwrite destinations) and its request id.</summary>
public sealed record PutResult(bool AlreadyExisted, string? RequestId);
