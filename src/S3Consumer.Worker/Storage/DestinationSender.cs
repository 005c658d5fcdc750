using Polly;

namespace S3Consumer.Worker.Storage;

/// <summary>One destination's PUT sender and the retry pipeline its writes go through (<see cref="PutRetryPipeline"/>).</summary>
internal sealed record DestinationSender(PutObjectSender Put, ResiliencePipeline<string?> Retries);
