using System.Runtime.InteropServices;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// The worker's assembly: the one given with <c>--worker</c>, else src/S3Consumer.Worker published as the Dockerfile
/// publishes it (Release, for this machine's runtime, so ReadyToRun) into a directory of its own, so that every worker
/// process of the run is the same build even if someone rebuilds the project meanwhile.
/// </summary>
internal sealed class WorkerBuild : IDisposable
{
    private readonly string? copy;

    private WorkerBuild(string dll, string source, string? copy)
    {
        Dll = dll;
        Source = source;
        this.copy = copy;
    }

    public string Dll { get; }

    /// <summary>Where the worker came from: the path given, or the commit it was built at.</summary>
    public string Source { get; }

    public static async Task<WorkerBuild> LocateAsync(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given)
                ? new WorkerBuild(Path.GetFullPath(given), Path.GetFullPath(given), null)
                : throw new FileNotFoundException("No worker assembly here.", given);
        }

        var root = Repository.Root;
        var commit = (await Command.RunAsync(TimeSpan.FromSeconds(30), "git", "-C", root, "rev-parse", "--short", "HEAD")).Output.Trim();
        var changes = (await Command.RunAsync(TimeSpan.FromSeconds(30), "git", "-C", root, "status", "--porcelain", "--", "src")).Output.Trim();
        var source = $"src/S3Consumer.Worker at commit {(commit is { Length: > 0 } ? commit : "?")}"
                     + (changes.Length > 0 ? " with uncommitted changes in src" : "");
        var project = Path.Combine(root, "src", "S3Consumer.Worker", "S3Consumer.Worker.csproj");
        var copy = Path.Combine(Path.GetTempPath(), $"s3consumer-bench-worker-{Environment.ProcessId}");
        // dotnet publish reports its errors on standard output.
        var published = await Command.RunAsync(
            TimeSpan.FromMinutes(10), "dotnet", "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--no-self-contained", "-o", copy, "--nologo");
        var dll = Path.Combine(copy, "S3Consumer.Worker.dll");
        if (published.ExitCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException($"dotnet publish {project} failed:{Environment.NewLine}{published.Output}");
        }

        return new WorkerBuild(dll, source, copy);
    }

    public void Dispose()
    {
        if (copy is not null && Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
