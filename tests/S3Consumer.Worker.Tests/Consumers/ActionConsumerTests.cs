using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using S3Consumer.Contracts;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Routing;
using S3Consumer.Worker.Consumers;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Consumers;

/// <summary>The consumers' retry rules, in MassTransit's test harness, writing to the real S3 server through the fault proxy.</summary>
[Collection(RealServices.Name)]
public sealed class ActionConsumerTests : IAsyncLifetime
{
    private S3Bucket bucket = null!;
    private S3FaultProxy proxy = null!;
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        proxy = await S3FaultProxy.StartAsync();
        var settings = WorkerHost.Settings(bucket.Name, ("Destinations:lake:ServiceUrl", proxy.Url.ToString()), ("S3:MaxRetryAttempts", "1"));
        provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddMetrics()
            .AddSingleton<WorkerTelemetry>()
            .AddDestinations()
            .AddMessageRouting()
            .AddResults()
            .AddS3Storage()
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<ReadActionConsumer, ActionConsumerDefinition<ReadActionConsumer>>();
                bus.AddConsumer<SubscribeActionConsumer, ActionConsumerDefinition<SubscribeActionConsumer>>();
            })
            .BuildServiceProvider(validateScopes: true);
        harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(30);
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        await proxy.DisposeAsync();
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_faults_once_without_retry()
    {
        await harness.Bus.Publish(Examples.Typed<ReadActionMessage>(Examples.ReadBody, "nowhere"));

        Assert.True(await harness.Published.Any<Fault<ReadActionMessage>>());
        var attempts = await harness.Consumed.SelectAsync<ReadActionMessage>().ToListAsync();
        var attempt = Assert.Single(attempts);
        Assert.True(attempt.Exception is UndeliverableMessageException, attempt.Exception?.ToString());
        Assert.StartsWith("Destination 'nowhere' is not configured", attempt.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_S3_refuses_for_now_is_tried_again_until_it_is_written()
    {
        proxy.SlowDownEvery = 1;
        await harness.Bus.Publish(Examples.Typed<SubscribeActionMessage>(Examples.SubscribeBody, "lake"), context => context.Headers.Set("event-id", "retried-1"));

        // Each delivery attempt is two PUTs (S3:MaxRetryAttempts is 1): a third refusal means the message itself was tried again.
        for (var i = 0; i < 300 && Interlocked.Read(ref proxy.RefusedPuts) < 3; i++)
        {
            await Task.Delay(100);
        }

        proxy.SlowDownEvery = 0;
        await bucket.WaitForObjectAsync("2025-04-10T23:22:25Z_retried-1.json");

        Assert.True(Interlocked.Read(ref proxy.RefusedPuts) >= 3);
        Assert.True(await harness.Consumed.Any<SubscribeActionMessage>(attempt => attempt.Exception is null));
        Assert.False(await harness.Published.Any<Fault<SubscribeActionMessage>>());
    }
}
