using System.Diagnostics;
using S3Consumer.Tool;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary>Runs the s3consumer tool: in the test process with its console captured, or as the built program.</summary>
internal static class ToolRun
{
    public static Task<ToolResult> InvokeAsync(params string[] args) => InvokeAsync(input: [], args);

    /// <summary>Runs the tool with <paramref name="input"/> on its standard input.</summary>
    public static async Task<ToolResult> InvokeAsync(byte[] input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ToolCommands.Create(new ToolConsole(output, error, () => new MemoryStream(input))).Parse(args).InvokeAsync();
        return new ToolResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<ToolResult> RunProcessAsync(string directory, params string[] args) =>
        RunProcessAsync(directory, new Dictionary<string, string>(), args);

    /// <summary>
    /// Runs <c>dotnet s3consumer.dll</c>, as an operator would run the installed tool, in <paramref name="directory"/> with
    /// <paramref name="environment"/> added to its environment variables.
    /// </summary>
    public static async Task<ToolResult> RunProcessAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "s3consumer.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill();
            Assert.Fail($"s3consumer {string.Join(' ', args)} did not finish within 60 s.");
        }

        return new ToolResult(process.ExitCode, await output, await error);
    }

    /// <summary>Configuration as <c>--set KEY=VALUE</c> arguments.</summary>
    public static string[] Set(IEnumerable<KeyValuePair<string, string?>> settings) =>
        [.. settings.SelectMany(setting => new[] { "--set", $"{setting.Key}={setting.Value}" })];
}

internal sealed record ToolResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
