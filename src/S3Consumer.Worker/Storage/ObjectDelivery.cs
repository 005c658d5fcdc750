using System.Diagnostics;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Storage;

/// <summary>Delivers one message: destination, then key, then S3, each step a span of the message's trace.</summary>
public sealed class ObjectDelivery(
    DestinationRouter router, DestinationCatalog destinations, ResultDownloader results, S3ObjectStore store, WorkerTelemetry telemetry)
{
    public async Task DeliverAsync(InboundMessage message, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var process = StartProcessSpan(message);
        Destination? destination = null;
        try
        {
            using (var resolve = telemetry.Source.StartActivity("resolve destination"))
            {
                destination = destinations.Resolve(router.Route(new RoutingFacts(
                    message.QueueAction, message.DestinationHeader, message.Destination, message.Data?.ObjectName, message.Data?.Provider)));
                resolve?.SetTag(WorkerTelemetry.DestinationTag, destination.Name).SetTag("aws.s3.bucket", destination.Bucket);
            }

            process?.SetTag(WorkerTelemetry.DestinationTag, destination.Name);
            ObjectWrite write;
            using (var render = telemetry.Source.StartActivity("render key"))
            {
                write = ObjectWriteBuilder.Build(message, destination);
                render?.SetTag("aws.s3.key", write.Key).SetTag("s3consumer.key_template", destination.KeyTemplate.Text);
            }

            // A result sent by URL is fetched to a file that the write reads and that goes when the write is done.
            using var records = ResultInfo.Read(write.Content.Data) is { IsUrl: true } info
                ? await results.DownloadAsync(info.DownloadUrl, stopping).ConfigureAwait(false)
                : null;
            await PutAsync(records is null ? write : write with { Content = write.Content.WithRecords(records.File, records.Length) }, stopping)
                .ConfigureAwait(false);
        }
        catch (UndeliverableMessageException error)
        {
            telemetry.CountUndeliverable(destination?.Name, error.Reason);
            process?.SetStatus(ActivityStatusCode.Error, error.Message).SetTag("error.type", error.Reason.ToString());
            throw;
        }
    }

    private async Task PutAsync(ObjectWrite write, CancellationToken stopping)
    {
        var tags = new TagList { { WorkerTelemetry.DestinationTag, write.Destination.Name } };
        using var put = telemetry.Source.StartActivity("S3.PutObject", ActivityKind.Client)?
            .SetTag("rpc.system", "aws-api").SetTag("rpc.service", "S3").SetTag("rpc.method", "PutObject")
            .SetTag("aws.s3.bucket", write.Destination.Bucket).SetTag("aws.s3.key", write.Key)
            .SetTag("s3consumer.storage_class", write.Destination.StorageClass.Value).SetTag("s3consumer.object.size", write.Content.Length);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await store.PutAsync(write, stopping).ConfigureAwait(false);
            put?.SetTag("aws.request_id", result.RequestId).SetTag("s3consumer.already_existed", result.AlreadyExisted);
            telemetry.ObjectsWritten.Add(1, tags);
            telemetry.BytesWritten.Add(write.Content.Length, tags);
        }
        catch (Exception error)
        {
            put?.SetStatus(ActivityStatusCode.Error, error.GetType().Name).SetTag("error.type", error.GetType().FullName);
            throw;
        }
        finally
        {
            telemetry.PutDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    // A raw publisher's traceparent makes this message's spans part of the publisher's trace; MassTransit's own
    // consume span (which only reads MT-Activity-Id) is linked instead.
    private Activity? StartProcessSpan(InboundMessage message)
    {
        var consume = Activity.Current;
        var remote = ActivityContext.TryParse(message.TraceParent, message.TraceState, isRemote: true, out var parsed) ? parsed : (ActivityContext?)null;
        var span = remote is { } parent && parent.TraceId != consume?.TraceId
            ? telemetry.Source.StartActivity(ActivityKind.Consumer, parent, links: consume is null ? null : [new ActivityLink(consume.Context)], name: $"process {message.QueueName}")
            : telemetry.Source.StartActivity($"process {message.QueueName}", ActivityKind.Consumer);
        return span?
            .SetTag("messaging.system", "rabbitmq").SetTag("messaging.operation.type", "process")
            .SetTag("messaging.destination.name", message.QueueName).SetTag("messaging.message.id", message.MessageId)
            .SetTag("messaging.message.body.size", message.Body.Length);
    }
}
