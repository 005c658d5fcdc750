namespace S3Consumer.Worker.Batches;

/// <summary>
/// The stop of the batches. Registered after the bus, it is stopped before it: every open batch is written, without
/// retrying a failed write any more, and the stop waits for the writes while the bus can still acknowledge their
/// messages.
/// </summary>
internal sealed class BatchesStop(BatchRegistry batches, BatchWrites writes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        writes.StopRetrying();
        batches.CloseAll();
        return writes.WhenWrittenAsync(cancellationToken);
    }
}
