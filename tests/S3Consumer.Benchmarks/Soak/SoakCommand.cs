namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// <c>soak [--quick] [options]</c>: hours of mixed traffic and faults against three workers, the cluster and s3rver, then
/// every message accounted for (README.md, docs/reliability.md). Exits 1 if a goal is not met, 2 on a bad option.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            await output.WriteLineAsync($"{error.Message}{Environment.NewLine}{SoakOptions.Usage}");
            return 2;
        }

        return await new SoakRun(options, output).RunAsync();
    }
}
