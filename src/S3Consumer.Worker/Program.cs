using Microsoft.Extensions.Options;
using S3Consumer.Worker;
using S3Consumer.Worker.Messaging;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddS3Consumer();

    // Mapping the health endpoints builds the bus, which reads the broker settings, and its consumers, which read the
    // destinations: they may fail validation there.
    await using var app = builder.Build();
    app.MapS3ConsumerEndpoints();
    try
    {
        // Not RunAsync: it disposes the host as soon as its start fails, before the stop below could run.
        await app.StartAsync();
        await app.WaitForShutdownAsync();
    }
    catch (Exception) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
    {
        // Stopped (SIGTERM) while still starting, whatever the start threw on its way out (a cancellation, or the bus
        // giving up on a broker it could not reach yet): the bus may already consume, so it is stopped as in a normal
        // stop before the host is disposed under it; what was not written stays in RabbitMQ.
        await app.StopAsync();
    }
}
catch (OptionsValidationException error)
{
    return await CannotStartAsync(string.Join(" | ", error.Failures));
}
catch (InvalidOperationException error) when (error.TargetSite?.DeclaringType == typeof(ConfigurationBinder))
{
    // A value that does not convert to its key's type (S3:RetryDelay=2 days); the binder's message names both.
    return await CannotStartAsync(error.Message);
}
catch (BrokerConnectionException error)
{
    return await CannotStartAsync(error.Message);
}

return 0;

// One line that names what to fix, rather than a stack trace.
static async Task<int> CannotStartAsync(string problem)
{
    await Console.Error.WriteLineAsync($"S3Consumer cannot start: {problem}");
    return 1;
}
