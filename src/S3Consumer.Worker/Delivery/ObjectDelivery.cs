using System.Diagnostics;
using Microsoft.Extensions.Options;
using S3Consumer.Core;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Messages;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Routing;
using S3Consumer.Core.Rows;
using S3Consumer.Worker.Batches;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Delivery;

/// <summary>
/// Delivers one message: its destination, its key, then the write (of its own object through the <see cref="WriteStep"/>,
/// or of the batch it joins: see <see cref="BatchRegistry"/>), unless the destination is unavailable, in which case
/// the message is to be held (see <see cref="DestinationAvailability"/>). A failure of the message itself throws
/// <see cref="UndeliverableMessageException"/>, for the error queue.
/// </summary>
public sealed class ObjectDelivery(
    MessageDestinations destinations,
    ResultDownloader results,
    WriteStep writes,
    BatchRegistry batches,
    DestinationAvailability availability,
    IOptions<HoldOptions> options,
    TimeProvider time,
    DeliveryTelemetry telemetry)
{
    /// <param name="message">The message as delivered.</param>
    /// <param name="heldSince">When the message was first held for its destination; null when it never was.</param>
    /// <param name="slot">The message's share of its queue's limit (see <see cref="DeliverySlots"/>), given back as it waits for its batch.</param>
    /// <param name="stopping">Once the worker is stopping, a failed write is not retried (a write under way is not aborted).</param>
    public async Task<DeliveryOutcome> DeliverAsync(InboundMessage message, DateTimeOffset? heldSince, IDisposable? slot, CancellationToken stopping)
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
                destination = destinations.Of(message, read);
                DeliveryTelemetry.Resolved(process, resolve, destination);
            }

            if (heldSince is not null)
            {
                telemetry.Returned(destination.Name);
            }

            // Held before any other work: a message waits for its destination at the cost of a copy in RabbitMQ, and
            // anything wrong with it is found once the destination takes writes again.
            if (!availability.TryAdmit(destination.Name, out var probe))
            {
                return Hold(process, destination, HoldReason.Outage(availability.OutageOf(destination.Name)), heldSince);
            }

            WriteOutcome outcome;
            try
            {
                outcome = destination.Options.Batch.Enabled
                    ? await WriteInBatchAsync(process, message, read, destination, slot, stopping).ConfigureAwait(false)
                    : await WriteAloneAsync(process, message, read, destination, stopping).ConfigureAwait(false);
            }
            catch (ResultUnavailableException)
            {
                // The result's host, not the destination, failed for now: the message waits as a held one does, while its URL lives.
                outcome = new WriteOutcome(HoldReason.ResultUnavailable);
            }
            finally
            {
                availability.ProbeEnded(destination.Name, probe);
            }

            return outcome.HeldFor is { } reason ? Hold(process, destination, reason, heldSince) : DeliveryOutcome.Written;
        }
        catch (UndeliverableMessageException error)
        {
            telemetry.Undeliverable(process, destination, error);
            throw;
        }
    }

    private async Task<WriteOutcome> WriteAloneAsync(Activity? process, InboundMessage message, ActionMessage read, Destination destination, CancellationToken stopping)
    {
        if (destination.Format != ObjectFormat.Message)
        {
            return await WriteRowsAloneAsync(process, message, read, destination, stopping).ConfigureAwait(false);
        }

        ObjectWrite write;
        using (var render = telemetry.StartRender())
        {
            write = ObjectWriteBuilder.Build(message, read, destination);
            DeliveryTelemetry.Rendered(render, write);
        }

        // The write reads the downloaded records from their file, which goes when the write is done.
        using var records = await DownloadResultAsync(read, stopping).ConfigureAwait(false);
        if (records is not null)
        {
            write = write with { Content = new ObjectContent(read.Payload, destination.Envelope).WithRecords(records.File, records.Length) };
        }

        return await writes.WriteAsync(write, stopping).ConfigureAwait(false);
    }

    // The message's rows as one NDJSON object: its inline records, or those downloaded, read from their file one at a
    // time. A message without records writes nothing.
    private async Task<WriteOutcome> WriteRowsAloneAsync(Activity? process, InboundMessage message, ActionMessage read, Destination destination, CancellationToken stopping)
    {
        ObjectWrite write;
        MessageRows rows;
        using (var render = telemetry.StartRender())
        {
            (write, rows) = ObjectWriteBuilder.BuildRows(message, read, destination);
            DeliveryTelemetry.Rendered(render, write);
        }

        using var records = await DownloadResultAsync(read, stopping).ConfigureAwait(false);
        using var downloaded = records is null ? null : RecordReader.Over(records.File, records.Length, "the result at resultInfo.downloadUrl");
        using var body = downloaded is null
            ? await RowsBody.WriteAsync(ObjectFormat.Records, BatchCompression.None, [rows], CancellationToken.None).ConfigureAwait(false)
            : await RowsBody.WriteAsync(ObjectFormat.Records, BatchCompression.None, rows.Columns, downloaded, CancellationToken.None).ConfigureAwait(false);
        if (body.Rows == 0)
        {
            telemetry.SkippedWithoutRecords(process);
            return WriteOutcome.Written;
        }

        DeliveryTelemetry.RowsMade(process, body.Rows);
        return await writes.WriteAsync(write with { Content = body }, stopping).ConfigureAwait(false);
    }

    // The message joins its destination's open batch and is written with it. A message for an unavailable destination
    // that is let through as its probe closes its batch at once, so that the probe's answer comes now, not at MaxWait.
    private async Task<WriteOutcome> WriteInBatchAsync(
        Activity? process, InboundMessage message, ActionMessage read, Destination destination, IDisposable? slot, CancellationToken stopping)
    {
        BatchMessage line;
        using (telemetry.StartRender())
        {
            line = ObjectWriteBuilder.BuildBatchLine(message, read, destination);
        }

        // The batch outlives the downloaded file, so its records are read into the line.
        using (var records = await DownloadResultAsync(read, stopping).ConfigureAwait(false))
        {
            if (records is not null)
            {
                line = line.WithContent(new ObjectContent(read.Payload, destination.Envelope).WithRecordsCopied(records.File, records.Length));
            }
        }

        // Its rows are made here, for a destination of rows: a message whose records are no rows goes alone to the error
        // queue, and one without records is acknowledged at once.
        line = line.WrittenBy(destination);
        if (line.Rows is { Count: 0 })
        {
            telemetry.SkippedWithoutRecords(process);
            return WriteOutcome.Written;
        }

        if (line.Rows is { } rows)
        {
            DeliveryTelemetry.RowsMade(process, rows.Count);
        }

        var batched = batches.AddAsync(
            destination, line, WaitingMemory.Of(message, line), process?.Context ?? default, closeNow: !availability.IsAvailable(destination.Name));
        slot?.Dispose();
        var outcome = await batched.ConfigureAwait(false);
        DeliveryTelemetry.Batched(process, outcome);

        // Either way the message may be in two objects: its batch may be in S3 although the write did not say so, and
        // it is written again, in another batch, once it comes back; or RabbitMQ delivered it again after a crash.
        if (outcome.Write.MayHaveBeenWritten || (outcome.Write.IsWritten && message.Redelivered))
        {
            telemetry.CountBatchesRedelivered(destination.Name);
        }

        return outcome.Write;
    }

    // A result sent by URL, fetched to a file; null for one sent in the message. Throws ResultUnavailableException when
    // its host fails for now.
    private async Task<DownloadedRecords?> DownloadResultAsync(ActionMessage read, CancellationToken stopping) =>
        read.Fields.ResultIsUrl ? await results.DownloadAsync(read.Fields.DownloadUrl, stopping).ConfigureAwait(false) : null;

    private DeliveryOutcome Hold(Activity? process, Destination destination, HoldReason reason, DateTimeOffset? heldSince)
    {
        var now = time.GetUtcNow();
        var since = heldSince ?? now;
        var limit = options.Value.MaxUnavailable;
        if (now - since > limit)
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.DestinationUnavailable,
                $"Destination '{destination.Name}' has refused writes ({reason}) since this message was first held at {since:u}, longer than " +
                $"S3:MaxUnavailable ({limit}). Fix the destination (credentials, bucket, endpoint), then move the message back.");
        }

        telemetry.Held(process, destination.Name, reason);
        return DeliveryOutcome.Held(destination.Name, since);
    }
}
