namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// An s3rver of scripts/services.sh on a port of its own (its pid, log and data apart from the test S3 server's), for
/// a collection that runs beside the tests on the test S3 server: what they do to it (<see cref="ServiceOutages"/> stops
/// and starts it) never reaches this one.
/// </summary>
public sealed class OwnS3Server(int port)
{
    public Uri Url { get; } = new($"http://127.0.0.1:{port}");

    public Task StartAsync() => ServicesScript.RunAsync("start-s3", port);

    public Task StopAsync() => ServicesScript.RunAsync("stop-s3", port);
}
