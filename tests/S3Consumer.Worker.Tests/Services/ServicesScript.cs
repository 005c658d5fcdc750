namespace S3Consumer.Worker.Tests.Services;

/// <summary>scripts/services.sh, which the fault tests use to stop and start the real S3 server and broker.</summary>
internal static class ServicesScript
{
    private static string Path => Environment.GetEnvironmentVariable("S3CONSUMER_SERVICES_SCRIPT")
        ?? System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "../../../../../scripts/services.sh"));

    /// <summary>Runs <c>services.sh <paramref name="command"/></c>; throws with its error output if it fails or takes over three minutes.</summary>
    public static Task RunAsync(string command) => RunAsync(Path, command);

    /// <summary>Runs <c>services.sh <paramref name="command"/></c> for the s3rver on <paramref name="s3Port"/> (start-s3, stop-s3).</summary>
    public static Task RunAsync(string command, int s3Port) =>
        Command.RunCheckedAsync(TimeSpan.FromMinutes(3), "env", [$"S3RVER_PORT={s3Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "bash", Path, command]);

    /// <summary>Runs a script of <c>scripts/</c> with its arguments; returns what it printed on standard output, or throws with its errors.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments) =>
        (await Command.RunCheckedAsync(TimeSpan.FromMinutes(3), "bash", [script, .. arguments])).Output;
}
