using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using S3Consumer.Contracts;
using S3Consumer.Core;
using S3Consumer.Worker.Consumers;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Writes;

namespace S3Consumer.Worker.Tests.Consumers;

/// <summary>The consumers' decisions for failures of the message, in MassTransit's test harness, writing to the real S3 server through the fault proxy.</summary>
[Collection(RealServices.Name)]
public sealed class ActionConsumerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private TestBed bed = null!;
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        bed = (await TestBed.CreateAsync(withProxy: true)).With(("S3:MaxRetryAttempts", "1"));
        provider = DeliveryServices.Over(bed.Settings)
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<HoldingQueues>()
            .AddSingleton<SkippedMessages>()
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<ReadActionConsumer>();
                bus.AddConsumer<SubscribeActionConsumer>();
            })

            // The harness ends a wait once its bus has been idle this long (1.2 s by default): a loaded machine can be that
            // slow between the publish and the fault.
            .Configure<TestHarnessOptions>(options => (options.TestTimeout, options.TestInactivityTimeout) = (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)))
            .BuildServiceProvider(validateScopes: true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        await bed.DisposeAsync();
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_faults_once_without_retry()
    {
        await harness.Bus.Publish(Examples.Typed<ReadActionMessage>(Examples.ReadBody, "nowhere"));

        Assert.True(await harness.Published.Any<Fault<ReadActionMessage>>());
        var attempts = await harness.Consumed.SelectAsync<ReadActionMessage>().ToListAsync();
        var attempt = Assert.Single(attempts);
        Assert.True(attempt.Exception is UndeliverableMessageException, attempt.Exception?.ToString());
        Assert.StartsWith("Unknown destination: Destination 'nowhere' is not configured", attempt.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_S3_refuses_as_too_large_faults_once_without_retry_or_hold()
    {
        bed.Proxy.Refusal = S3Refusal.Of("EntityTooLarge");
        await harness.Bus.Publish(Examples.Typed<SubscribeActionMessage>(Examples.SubscribeBody, "lake"));

        Assert.True(await harness.Published.Any<Fault<SubscribeActionMessage>>());
        var attempt = Assert.Single(await harness.Consumed.SelectAsync<SubscribeActionMessage>().ToListAsync());
        var error = Assert.IsType<UndeliverableMessageException>(attempt.Exception);
        Assert.Equal(UndeliverableReason.RejectedByS3, error.Reason);
        Assert.Contains("with EntityTooLarge (400, request fault-proxy)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, bed.Proxy.StartedPuts);
    }

    [Fact]
    public async Task A_probe_whose_object_S3_refuses_lets_the_next_message_probe_at_once()
    {
        var availability = provider.GetRequiredService<DestinationAvailability>();
        availability.Failed("lake", "ConnectionFailure");
        time.Advance(provider.GetRequiredService<IOptions<HoldOptions>>().Value.HoldDelay);
        bed.Proxy.Refusal = S3Refusal.Of("EntityTooLarge");
        await harness.Bus.Publish(Examples.Typed<SubscribeActionMessage>(Examples.SubscribeBody, "lake"));
        Assert.True(await harness.Published.Any<Fault<SubscribeActionMessage>>());

        // No time passes: the next message is the next probe, since the last one learnt nothing of the destination.
        bed.Proxy.Refusal = null;
        await harness.Bus.Publish(Examples.Typed<ReadActionMessage>(Examples.ReadBody, "lake"));

        Assert.True(await harness.Consumed.Any<ReadActionMessage>());
        Assert.Null((await harness.Consumed.SelectAsync<ReadActionMessage>().FirstAsync()).Exception);
        Assert.True(availability.IsAvailable("lake"));
        Assert.Equal(2, bed.Proxy.StartedPuts);
    }
}
