using System.Diagnostics;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>The worker's assembly: the one given with <c>--worker</c>, else src/S3Consumer.Worker built in Release.</summary>
internal static class WorkerBuild
{
    public static async Task<string> LocateAsync(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException("No worker assembly here.", given);
        }

        var project = Path.Combine(RepositoryRoot(), "src", "S3Consumer.Worker", "S3Consumer.Worker.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", project, "-c", "Release", "--nologo", "-t:Build", "-getProperty:TargetPath" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var build = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var (output, errors) = (build.StandardOutput.ReadToEndAsync(), build.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await build.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build {project} took more than 10 minutes.");
        }

        var path = (await output).Trim();
        return build.ExitCode == 0 && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"dotnet build {project} failed:{Environment.NewLine}{path}{await errors}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "S3Consumer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No S3Consumer.sln above {AppContext.BaseDirectory}: give the worker with --worker.");
    }
}
