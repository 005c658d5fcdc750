using System.Net;

namespace S3Consumer.Worker.Tests.Health;

/// <summary>
/// A destination whose bucket the SDK's endpoint rules refuse (a directory bucket, signed with S3 Express sessions) can
/// never be written, whatever S3 would say: before any message is sent, <c>/health/ready</c> shows it Unhealthy with
/// <c>ClientConfiguration</c> in words of its own (never the SDK's, which may quote a URL), and the worker stays ready
/// for the destination beside it.
/// </summary>
[Collection(RealServices.Name)]
public sealed class DestinationsHealthCheckTests : IAsyncLifetime
{
    private TestBed bed = null!;

    public async Task InitializeAsync() => bed = (await TestBed.CreateAsync())
        .WithDestination("express", "lake--usw2-az1--x-s3")
        .With(("Destinations:express:ServiceUrl", null), ("Destinations:express:ForcePathStyle", "false"), ("Destinations:express:Region", "us-west-2"));

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task A_bucket_the_endpoint_rules_refuse_makes_its_destination_unhealthy_while_the_other_takes_writes()
    {
        await using var worker = await WorkerHost.StartAsync(bed.Settings);
        using var readiness = Readiness.Of(worker);

        var (status, report, _) = await readiness.WaitForAsync(
            (_, report) => Readiness.Field(report, "masstransit-bus", "status") == "Healthy" && Readiness.Field(report, "s3:lake", "status") == "Healthy",
            "the bus and s3:lake healthy");

        Assert.Equal((HttpStatusCode.OK, "Degraded"), (status, report.GetProperty("status").GetString()));
        Assert.Equal(
            ("Unhealthy", "ClientConfiguration", "The SDK's endpoint rules refuse its bucket or endpoint: it cannot be written."),
            (Readiness.Field(report, "s3:express", "status"), Readiness.Field(report, "s3:express", "code"), Readiness.Field(report, "s3:express", "description")));
    }
}
