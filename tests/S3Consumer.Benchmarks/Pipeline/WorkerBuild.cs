using System.Diagnostics;
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

        var root = RepositoryRoot();
        var (_, commit) = await RunAsync(TimeSpan.FromSeconds(30), "git", "-C", root, "rev-parse", "--short", "HEAD");
        var (_, changes) = await RunAsync(TimeSpan.FromSeconds(30), "git", "-C", root, "status", "--porcelain", "--", "src");
        var source = $"src/S3Consumer.Worker at commit {(commit.Trim() is { Length: > 0 } head ? head : "?")}"
                     + (changes.Trim().Length > 0 ? " with uncommitted changes in src" : "");
        var project = Path.Combine(root, "src", "S3Consumer.Worker", "S3Consumer.Worker.csproj");
        var copy = Path.Combine(Path.GetTempPath(), $"s3consumer-bench-worker-{Environment.ProcessId}");
        var (published, output) = await RunAsync(
            TimeSpan.FromMinutes(10), "dotnet", "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--no-self-contained", "-o", copy, "--nologo");
        var dll = Path.Combine(copy, "S3Consumer.Worker.dll");
        if (!published || !File.Exists(dll))
        {
            throw new InvalidOperationException($"dotnet publish {project} failed:{Environment.NewLine}{output}");
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

    /// <summary>Runs a command to its end, within <paramref name="timeout"/>: whether it succeeded, and its standard output.</summary>
    private static async Task<(bool Succeeded, string Output)> RunAsync(TimeSpan timeout, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} took more than {timeout}.");
        }

        await errors; // drained so that the process never blocks on it; dotnet publish and git report on standard output
        return (process.ExitCode == 0, await output);
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
