using System.Diagnostics;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Objects;
using S3Consumer.Core.Rows;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Writes;

/// <summary>The span and measurements of an object's PutObject, one message's or a batch's.</summary>
public sealed class WriteTelemetry(WorkerTelemetry telemetry)
{
    /// <summary>
    /// The write's span: a child of the current span (a message's), or, given <paramref name="links"/>, one that links
    /// the spans of the messages it writes, as the messaging conventions do for a batch.
    /// </summary>
    public Activity? StartPut(ObjectWrite write, IEnumerable<ActivityLink>? links = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        return telemetry.Source.StartActivity(ActivityKind.Client, links: links, name: "S3.PutObject")?
            .SetTag("rpc.system", "aws-api").SetTag("rpc.service", "S3").SetTag("rpc.method", "PutObject")
            .SetTag("aws.s3.bucket", write.Destination.Bucket).SetTag("aws.s3.key", write.Key)
            .SetTag("s3consumer.storage_class", write.Destination.StorageClass).SetTag("s3consumer.object.size", write.Content.Length)
            .SetTag("s3consumer.format", FormatName(write)).SetTag("s3consumer.rows", RowsOf(write));
    }

    public void Written(Activity? put, ObjectWrite write, PutResult result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(result);
        put?.SetTag("aws.request_id", result.RequestId).SetTag("s3consumer.already_existed", result.AlreadyExisted);
        var tags = WorkerTelemetry.Tags(write.Destination.Name);
        telemetry.ObjectsWritten.Add(1, tags);
        telemetry.BytesWritten.Add(write.Content.Length, tags);
        if (RowsOf(write) is { } rows)
        {
            telemetry.RowsWritten.Add(rows, tags);
        }

        telemetry.PutDuration.Record(duration.TotalSeconds, tags);
    }

    public void PutFailed(Activity? put, ObjectWrite write, Exception error, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(error);
        put?.SetStatus(ActivityStatusCode.Error, error.GetType().Name).SetTag("error.type", error.GetType().FullName);
        telemetry.PutDuration.Record(duration.TotalSeconds, WorkerTelemetry.Tags(write.Destination.Name));
    }

    // The object's format as configured (message, records, parquet), and the rows it holds: none for a message's object.
    private static string FormatName(ObjectWrite write) => write.Destination.Format.Name();

    private static long? RowsOf(ObjectWrite write) => write.Content switch
    {
        RowsBody rows => rows.Rows,
        BatchObject batch => batch.Rows,
        _ => null,
    };
}
