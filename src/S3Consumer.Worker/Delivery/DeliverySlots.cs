using System.Diagnostics.CodeAnalysis;

namespace S3Consumer.Worker.Delivery;

/// <summary>
/// A queue's <c>Queues:ConcurrentMessageLimit</c>, kept for the work of its messages when batches raise MassTransit's
/// own limit (see <see cref="Batches.BatchRoom"/>): a message holds a slot while it is read, downloaded and written,
/// and gives it back as it starts to wait for its batch, so that the messages of one-object destinations and URL
/// downloads run no more at once than configured.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "A SemaphoreSlim holds nothing to release unless its AvailableWaitHandle is used, which it is not.")]
public sealed class DeliverySlots(int limit)
{
    private readonly SemaphoreSlim free = new(limit, limit);

    public async Task<IDisposable> TakeAsync(CancellationToken cancellationToken)
    {
        await free.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(free);
    }

    // Given back once, whichever comes first: the wait for the batch, or the end of the message.
    private sealed class Slot(SemaphoreSlim free) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                free.Release();
            }
        }
    }
}
