using Amazon.S3;
using Polly;

namespace S3Consumer.Worker.Storage;

/// <summary>One destination's S3 client and the resilience pipeline its writes go through.</summary>
public sealed record S3Endpoint(IAmazonS3 Client, ResiliencePipeline Pipeline);
