using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using S3Consumer.Core;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Storage;

/// <summary>Writes an object with one PutObject, the only S3 permission a destination grants.</summary>
public sealed class S3ObjectStore(S3Endpoints endpoints)
{
    public async Task<PutResult> PutAsync(ObjectWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var endpoint = endpoints.For(write.Destination);
        try
        {
            var response = await endpoint.Pipeline.ExecuteAsync(
                async token => await endpoint.Client.PutObjectAsync(CreateRequest(write, endpoint), token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            return new PutResult(AlreadyExisted: false, response.ResponseMetadata?.RequestId);
        }
        catch (AmazonServiceException error) when (error.StatusCode == HttpStatusCode.PreconditionFailed && !write.Destination.Options.Overwrite)
        {
            // If-None-Match found the key taken: this message, or one with the same key, is already written.
            return new PutResult(AlreadyExisted: true, error.RequestId);
        }
        catch (AmazonServiceException error) when (!S3Failures.IsTransient(error))
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.RejectedByS3,
                $"Destination '{write.Destination.Name}': S3 refused {write.Destination.Bucket}/{write.Key} with {error.ErrorCode} " +
                $"({(int)error.StatusCode}, request {error.RequestId}). Fix the bucket, its permissions or the destination, then move the message back.");
        }
        catch (Exception error) when (S3Failures.IsTransient(error) && !cancellationToken.IsCancellationRequested)
        {
            throw new S3UnavailableException(
                $"Destination '{write.Destination.Name}': S3 did not take the write ({error.GetType().Name}: {error.Message}); it will be tried again.",
                error);
        }
    }

    private static PutObjectRequest CreateRequest(ObjectWrite write, S3Endpoint endpoint)
    {
        var request = new PutObjectRequest
        {
            BucketName = write.Destination.Bucket,
            Key = write.Key,
            InputStream = write.Content.OpenRead(),
            AutoCloseStream = true,
            ContentType = ObjectContent.ContentType,
            StorageClass = write.Destination.StorageClass,

            // S3-compatible servers may store aws-chunked framing as the body; AWS itself takes either.
            UseChunkEncoding = !endpoint.IsS3Compatible,
            IfNoneMatch = write.Destination.Options.Overwrite ? null : "*",
        };
        request.Headers.ContentLength = write.Content.Length;
        foreach (var (name, value) in write.Metadata)
        {
            request.Metadata.Add(name, value);
        }

        return request;
    }
}
