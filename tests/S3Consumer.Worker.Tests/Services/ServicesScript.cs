using System.Diagnostics;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>scripts/services.sh, which the fault tests use to stop and start the real S3 server and broker.</summary>
internal static class ServicesScript
{
    private static string Path => Environment.GetEnvironmentVariable("S3CONSUMER_SERVICES_SCRIPT")
        ?? System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../../../scripts/services.sh"));

    public static Task RunAsync(string command) => RunAsync(Path, command);

    /// <summary>Runs a script of <c>scripts/</c> with its arguments; returns what it printed on standard output.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{System.IO.Path.GetFileName(script)} {string.Join(' ', arguments)} failed: {await errors}");
        return output;
    }
}
