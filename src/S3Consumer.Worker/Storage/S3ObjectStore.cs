using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;
using S3Consumer.Core;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Storage;

/// <summary>Writes an object with one PutObject, the only S3 permission a destination grants.</summary>
public sealed class S3ObjectStore(S3Endpoints endpoints)
{
    /// <summary>
    /// Writes the object. <paramref name="stopping"/> does not abort a write under way (so that it can finish and be
    /// acknowledged when the worker stops); it only keeps the write from being retried once more.
    /// </summary>
    public async Task<PutResult> PutAsync(ObjectWrite write, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(write);
        var endpoint = endpoints.For(write.Destination);
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        context.Properties.Set(S3Endpoints.Stopping, stopping);
        try
        {
            var response = await endpoint.Pipeline.ExecuteAsync(
                static async (attempt, state) =>
                    await state.endpoint.Client.PutObjectAsync(CreateRequest(state.write), attempt.CancellationToken).ConfigureAwait(false),
                context,
                (endpoint, write)).ConfigureAwait(false);
            return new PutResult(AlreadyExisted: false, response.ResponseMetadata?.RequestId);
        }
        catch (Exception error) when (stopping.IsCancellationRequested && S3Failures.IsTransient(error))
        {
            // Not written and the worker is stopping: leave the message unacknowledged for the next run.
            throw new OperationCanceledException("The worker is stopping; the message goes back to its queue.", error, stopping);
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
        catch (Exception error) when (S3Failures.IsTransient(error))
        {
            throw new S3UnavailableException(
                $"Destination '{write.Destination.Name}': S3 did not take the write ({error.GetType().Name}: {error.Message}); it will be tried again.",
                error);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Internal for the s3consumer tool, whose `check` sends its probe as the worker sends an object.
    internal static PutObjectRequest CreateRequest(ObjectWrite write)
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
            UseChunkEncoding = write.Destination.Options.ServiceUrl is null,
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
