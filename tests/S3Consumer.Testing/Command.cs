using System.Diagnostics;

namespace S3Consumer.Testing;

/// <summary>A command line run to its end within a time limit: rabbitmqctl, scripts/services.sh, dotnet publish, git.</summary>
public static class Command
{
    /// <summary>Runs <paramref name="file"/> and returns its exit code and output; kills it and throws after <paramref name="timeout"/>.</summary>
    public static async Task<CommandResult> RunAsync(TimeSpan timeout, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        // Both streams are drained from the start, so that the process never blocks writing to a full pipe.
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(file, arguments)} took more than {timeout.TotalSeconds:N0} s.");
        }

        return new CommandResult(Describe(file, arguments), process.ExitCode, await output, await errors);
    }

    /// <summary>As <see cref="RunAsync"/>, and throws with the command's error output unless it exited with 0.</summary>
    public static async Task<CommandResult> RunCheckedAsync(TimeSpan timeout, string file, params string[] arguments)
    {
        var result = await RunAsync(timeout, file, arguments);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{result.Command} exited with {result.ExitCode}: {result.Errors}{result.Output}");
    }

    private static string Describe(string file, string[] arguments) => string.Join(' ', [file, .. arguments]);
}

public sealed record CommandResult(string Command, int ExitCode, string Output, string Errors);
