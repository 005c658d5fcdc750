using MassTransit;
using MassTransit.Testing;
using S3Consumer.Contracts;
using S3Consumer.Core;
using S3Consumer.Worker.Consumers;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Consumers;

/// <summary>The consumers' decisions for failures of the message, in MassTransit's test harness, writing to the real S3 server through the fault proxy.</summary>
[Collection(RealServices.Name)]
public sealed class ActionConsumerTests : IAsyncLifetime
{
    private TestBed bed = null!;
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        bed = (await TestBed.CreateAsync(withProxy: true)).With(("S3:MaxRetryAttempts", "1"));
        provider = DeliveryServices.Over(bed.Settings)
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
}
