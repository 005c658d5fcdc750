namespace S3Consumer.Worker.Storage;

/// <summary>S3 could not take the write for now (down, slow, throttling); the message is kept and tried again.</summary>
public sealed class S3UnavailableException(string message, Exception innerException) : Exception(message, innerException);
