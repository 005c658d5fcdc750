using System.Diagnostics;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>scripts/services.sh, which the fault tests use to stop and start the real S3 server and broker.</summary>
internal static class ServicesScript
{
    private static string Path => Environment.GetEnvironmentVariable("S3CONSUMER_SERVICES_SCRIPT")
        ?? System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../../../scripts/services.sh"));

    public static async Task RunAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Path, command]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"services.sh {command} failed: {await output}");
    }
}
