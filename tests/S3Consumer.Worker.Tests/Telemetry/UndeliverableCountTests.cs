using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Telemetry;

/// <summary>Every message sent to an error queue is counted once in <c>s3consumer.messages.undeliverable</c>, whatever refused it.</summary>
[Collection(WholeProcessTelemetry.Name)]
public sealed class UndeliverableCountTests
{
    [Fact]
    public async Task Messages_refused_by_the_deserializer_or_the_delivery_are_each_counted_once_with_their_reason()
    {
        var counted = new ConcurrentQueue<(string Reason, string Destination)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == WorkerTelemetry.Name && instrument.Name == "s3consumer.messages.undeliverable")
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value as string);
            counted.Enqueue((tagged["s3consumer.reason"]!, tagged[WorkerTelemetry.DestinationTag]!));
        });
        listener.Start();

        await using var bucket = await S3Bucket.CreateAsync();
        var worker = await WorkerHost.StartAsync(bucket.Name);
        await using var broker = await Broker.ConnectAsync();
        try
        {
            foreach (var (destination, body) in new[] { ("lake", "{\"data\": ["), ("lake", "{\"data\": {\"action\": \"read\", \"projectId\": 7}}"), ("nowhere", Encoding.UTF8.GetString(Examples.ReadBody)) })
            {
                await broker.PublishRawAsync(worker.ReadQueue, Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { ["destination"] = destination });
            }

            await broker.WaitForCountAsync($"{worker.ReadQueue}_error", count => count == 3, "all 3 refused messages");

            Assert.Equal(
                [("InvalidJson", "(none)"), ("UnknownDestination", "(none)"), ("WrongType", "(none)")],
                counted.Order().ToList());
        }
        finally
        {
            // Stopped first: a running worker declares queues deleted under it again.
            await worker.DisposeAsync();
            await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
        }
    }
}
