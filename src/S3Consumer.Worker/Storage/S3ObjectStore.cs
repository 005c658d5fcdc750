using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Polly;
using S3Consumer.Core;
using S3Consumer.Core.Objects;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// Writes an object with one PutObject, the only S3 permission a destination grants: through the destination's sender
/// and retry pipeline (<see cref="DestinationSenders"/>), turning what a failure means (<see cref="S3Failures"/>) into
/// what the delivery does with the message.
/// </summary>
public sealed class S3ObjectStore(DestinationSenders senders)
{
    /// <summary>
    /// Writes the object, retrying transient failures while <paramref name="mayRetry"/> allows. A write under way is
    /// never aborted (so that it can finish and be acknowledged when the worker stops). A failure of the message throws
    /// <see cref="UndeliverableMessageException"/>; one of the destination, <see cref="S3UnavailableException"/>.
    /// </summary>
    public async Task<PutResult> PutAsync(ObjectWrite write, Func<bool> mayRetry)
    {
        ArgumentNullException.ThrowIfNull(write);
        var sender = senders.For(write.Destination);
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        context.Properties.Set(PutRetryPipeline.MayRetry, mayRetry);
        context.Properties.Set(PutRetryPipeline.BodyLength, write.Content.Length);
        var anAttemptMayHaveStored = new StrongBox<bool>();
        context.Properties.Set(PutRetryPipeline.AnAttemptMayHaveStored, anAttemptMayHaveStored);
        try
        {
            var requestId = await sender.Retries.ExecuteAsync(
                static (attempt, state) => new ValueTask<string?>(state.sender.Put.PutAsync(state.write, attempt.CancellationToken)),
                context,
                (sender, write)).ConfigureAwait(false);
            return new PutResult(AlreadyExisted: false, requestId);
        }
        catch (AmazonServiceException error) when (error.StatusCode == HttpStatusCode.PreconditionFailed && !write.Destination.Options.Overwrite)
        {
            // If-None-Match found the key taken: this message, or one with the same key, is already written.
            return new PutResult(AlreadyExisted: true, error.RequestId);
        }
        catch (Exception error) when (S3Failures.Classify(error) is { Scope: S3FailureScope.Message } failure)
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.RejectedByS3,
                $"Destination '{write.Destination.Name}': S3 refused {write.Destination.Bucket}/{write.Key} with {failure.Code} " +
                $"({Describe(error)}). Fix the message or the destination, then move the message back.");
        }
        catch (Exception error)
        {
            var failure = S3Failures.Classify(error);
            throw new S3UnavailableException(
                failure.Code,
                failure.MayHaveStored || anAttemptMayHaveStored.Value,
                $"Destination '{write.Destination.Name}': S3 did not take the write ({failure.Code}: {Describe(error)}); the message is held until it does.",
                error);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static string Describe(Exception error) => error is AmazonServiceException { StatusCode: not 0 } service
        ? $"{(int)service.StatusCode}, request {service.RequestId}"
        : error.GetType().Name;
}
