namespace S3Consumer.Worker.Results;

/// <summary>A result's host failed for now (unreachable, 5xx, timed out): the message is tried again while its URL lives.</summary>
public sealed class ResultUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
