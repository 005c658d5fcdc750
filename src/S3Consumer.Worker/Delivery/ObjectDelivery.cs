using System.Diagnostics;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Messages;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Delivery;

/// <summary>
/// Delivers one message: its destination, its key, then the write, unless the destination is unavailable, in which case
/// the message is to be held (see <see cref="DestinationAvailability"/>). A failure of the message itself throws
/// <see cref="UndeliverableMessageException"/>, for the error queue.
/// </summary>
public sealed class ObjectDelivery(
    DestinationRouter router,
    DestinationCatalog destinations,
    ResultDownloader results,
    S3ObjectStore store,
    DestinationAvailability availability,
    IOptions<S3Options> options,
    TimeProvider time,
    DeliveryTelemetry telemetry,
    WorkerTelemetry counters)
{
    /// <param name="message">The message as delivered.</param>
    /// <param name="heldSince">When the message was first held for its destination; null when it never was.</param>
    /// <param name="stopping">Once the worker is stopping, a failed write is not retried (a write under way is not aborted).</param>
    public async Task<DeliveryOutcome> DeliverAsync(InboundMessage message, DateTimeOffset? heldSince, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var process = telemetry.StartProcess(message);
        Destination? destination = null;
        try
        {
            var read = ActionMessageReader.Read(message);

            // The catalog may change while the worker runs: the destination is looked up for each message.
            using (var resolve = telemetry.StartResolve())
            {
                destination = destinations.Resolve(router.Route(new RoutingFacts(
                    message.QueueAction, message.DestinationHeader, read.Destination, read.Fields.ObjectName, read.Fields.Provider)));
                DeliveryTelemetry.Resolved(process, resolve, destination);
            }

            if (heldSince is not null)
            {
                telemetry.Returned(destination.Name);
            }

            // Held before any other work: a message waits for its destination at the cost of a copy in RabbitMQ, and
            // anything wrong with it is found once the destination takes writes again.
            if (!availability.TryAdmit(destination.Name))
            {
                return Hold(process, destination, availability.OutageOf(destination.Name)?.Code ?? "Unavailable", heldSince);
            }

            ObjectWrite write;
            using (var render = telemetry.StartRender())
            {
                write = ObjectWriteBuilder.Build(message, read, destination);
                DeliveryTelemetry.Rendered(render, write);
            }

            // A result sent by URL is fetched to a file that the write reads and that goes when the write is done.
            DownloadedRecords? records;
            try
            {
                records = read.Fields.ResultIsUrl ? await results.DownloadAsync(read.Fields.DownloadUrl, stopping).ConfigureAwait(false) : null;
            }
            catch (ResultUnavailableException)
            {
                // The result's host, not the destination, failed for now: the message waits as a held one does, while its URL lives.
                return Hold(process, destination, "ResultUnavailable", heldSince);
            }

            using var downloaded = records;
            if (records is not null)
            {
                write = write with { Content = write.Content.WithRecords(records.File, records.Length) };
            }

            try
            {
                await PutAsync(write, () => !stopping.IsCancellationRequested && availability.IsAvailable(write.Destination.Name)).ConfigureAwait(false);
                availability.Succeeded(destination.Name);
                return DeliveryOutcome.Written;
            }
            catch (S3UnavailableException error)
            {
                availability.Failed(destination.Name, error.Code);
                return Hold(process, destination, error.Code, heldSince);
            }
        }
        catch (UndeliverableMessageException error)
        {
            counters.CountUndeliverable(destination?.Name, error.Reason.ToString());
            DeliveryTelemetry.Undeliverable(process, error);
            throw;
        }
    }

    private DeliveryOutcome Hold(Activity? process, Destination destination, string code, DateTimeOffset? heldSince)
    {
        var now = time.GetUtcNow();
        var since = heldSince ?? now;
        var limit = options.Value.MaxUnavailable;
        if (now - since > limit)
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.DestinationUnavailable,
                $"Destination '{destination.Name}' has refused writes ({code}) since this message was first held at {since:u}, longer than " +
                $"S3:MaxUnavailable ({limit}). Fix the destination (credentials, bucket, endpoint), then move the message back.");
        }

        telemetry.Held(process, destination.Name, code);
        return DeliveryOutcome.Held(destination.Name, since);
    }

    private async Task PutAsync(ObjectWrite write, Func<bool> mayRetry)
    {
        using var put = telemetry.StartPut(write);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await store.PutAsync(write, mayRetry).ConfigureAwait(false);
            telemetry.Written(put, write, result, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception error)
        {
            telemetry.PutFailed(put, write, error, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
