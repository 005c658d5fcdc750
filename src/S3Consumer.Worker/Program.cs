using Microsoft.Extensions.Options;
using S3Consumer.Worker;
using S3Consumer.Worker.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddS3Consumer();
try
{
    // Mapping the health endpoints builds the bus, which reads the broker settings: they may fail validation there.
    var app = builder.Build();
    app.MapS3ConsumerEndpoints();
    await app.RunAsync();
}
catch (OptionsValidationException error)
{
    // One line that names what to fix, rather than a stack trace.
    await Console.Error.WriteLineAsync($"S3Consumer cannot start: {string.Join(" | ", error.Failures)}");
    return 1;
}
catch (BrokerConnectionException error)
{
    await Console.Error.WriteLineAsync($"S3Consumer cannot start: {error.Message}");
    return 1;
}

return 0;
