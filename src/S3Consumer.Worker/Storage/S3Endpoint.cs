using Polly;

namespace S3Consumer.Worker.Storage;

/// <summary>One destination's S3 client and the resilience pipeline its writes go through.</summary>
internal sealed record S3Endpoint(S3PutClient Client, ResiliencePipeline<string?> Pipeline);
