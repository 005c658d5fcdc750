using Microsoft.Extensions.Options;
using S3Consumer.Worker;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddS3Consumer();
    await using var app = builder.Build();
    app.MapS3ConsumerEndpoints();
    await app.RunAsync();
}
catch (OptionsValidationException error)
{
    // One line that names what to fix, rather than a stack trace.
    await Console.Error.WriteLineAsync($"S3Consumer cannot start: {string.Join(" | ", error.Failures)}");
    return 1;
}

return 0;
