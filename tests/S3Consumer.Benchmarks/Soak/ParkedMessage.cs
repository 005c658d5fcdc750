namespace S3Consumer.Benchmarks.Soak;

/// <summary>A message found in an error queue, with the reason MassTransit's <c>MT-Fault-Message</c> header gives.</summary>
internal sealed record ParkedMessage(long Number, string Queue, string Reason);
