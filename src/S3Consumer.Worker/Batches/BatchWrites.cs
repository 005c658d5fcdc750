using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Objects;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// Writes each closed batch as its object through the one <see cref="WriteStep"/>, once, whoever closed it, and tells
/// each of its messages what became of it. At most <c>Queues:ConcurrentMessageLimit</c> objects are made and written at
/// once, as many as one queue's one-object writes: each holds its compressor and body besides its messages, and many
/// batches may close together (a memory bound reached, a thousand partitions due in the same second); the others wait
/// their turn. Knows the writes under way, so that a stop can wait for them.
/// </summary>
public sealed class BatchWrites(WriteStep step, BatchTelemetry telemetry, IOptions<QueueOptions> queues) : IDisposable
{
    private readonly ConcurrentDictionary<ClosedBatch, Task> writes = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim turns = new(queues.Value.ConcurrentMessageLimit, queues.Value.ConcurrentMessageLimit);

    /// <summary>Starts the batch's write. A write is known to <see cref="WhenWrittenAsync"/> from before it starts until it is done.</summary>
    internal void Write(ClosedBatch closed)
    {
        var writing = WriteAsync(closed);
        writes[closed] = writing;
        _ = writing.ContinueWith(_ => writes.TryRemove(closed, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>No failed write is retried from now on (a write under way is not aborted): the worker is stopping.</summary>
    public void StopRetrying() => stopping.Cancel();

    /// <summary>Completes once every write started so far is done.</summary>
    public Task WhenWrittenAsync(CancellationToken cancellationToken) => Task.WhenAll(writes.Values).WaitAsync(cancellationToken);

    public void Dispose()
    {
        stopping.Dispose();
        turns.Dispose();
    }

    private async Task WriteAsync(ClosedBatch closed)
    {
        // The batch's span starts a trace of its own, linked to each message's, whichever message closed it; and the
        // object is compressed off the path of that message's consumer, or of the timer.
        Activity.Current = null;
        await Task.Yield();
        await turns.WaitAsync().ConfigureAwait(false);
        try
        {
            using var body = await closed.Batch.WriteAsync(CancellationToken.None).ConfigureAwait(false);
            var write = new ObjectWrite(closed.Batch.Destination, body.Key, body.Metadata, body);
            WriteOutcome outcome;
            using (var put = telemetry.StartPut(write, closed.Batch, closed.Entries.Select(entry => entry.Trace)))
            {
                outcome = await step.WriteAsync(write, put, stopping.Token).ConfigureAwait(false);
            }

            if (outcome.IsWritten)
            {
                telemetry.Written(closed.Batch);
            }

            var told = new BatchOutcome(closed.Batch.Id, outcome.IsWritten ? body.Key : "", outcome);
            foreach (var entry in closed.Entries)
            {
                entry.Done.TrySetResult(told);
            }
        }
        catch (Exception error)
        {
            foreach (var entry in closed.Entries)
            {
                entry.Done.TrySetException(error);
            }
        }
        finally
        {
            turns.Release();
        }
    }
}
