using System.Globalization;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace S3Consumer.Tool.Configuration;

/// <summary>Turns what stops a command before it starts (bad configuration, no broker) into one line and an exit code.</summary>
internal static class Guarded
{
    public static async Task<int> RunAsync(ToolConsole console, Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (OptionsValidationException error)
        {
            await Fail(console, $"the worker's configuration is not valid: {string.Join(" | ", error.Failures)}").ConfigureAwait(false);
        }
        catch (BrokerUnreachableException error)
        {
            await Fail(console, $"RabbitMQ cannot be reached ({error.InnerException?.Message ?? error.Message}): check the RabbitMq settings.").ConfigureAwait(false);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            await Fail(console, error.Message).ConfigureAwait(false);
        }

        return ToolCommands.ConfigurationError;
    }

    private static Task Fail(ToolConsole console, string message) =>
        console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"s3consumer: {message}"));
}
