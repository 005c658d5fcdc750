using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// The local RabbitMQ and s3rver that every figure is measured against (scripts/services.sh starts them): where they
/// listen, which processes they are, and where s3rver keeps its buckets. Processes are looked up at each call, since
/// a test run on the same machine may restart them.
/// </summary>
internal sealed record LocalServices(string RabbitHost, Uri S3Url, string S3DataDirectory, string S3Version)
{
    /// <summary>Waits until both services run, then finds s3rver's process, data directory and version.</summary>
    public static async Task<LocalServices> DiscoverAsync(string rabbitHost, Uri s3Url)
    {
        ArgumentNullException.ThrowIfNull(s3Url);
        await WaitUntilUpAsync(rabbitHost, s3Url);
        var pid = S3ProcessOn(s3Url) ?? throw new InvalidOperationException(
            $"No s3rver process listens on port {s3Url.Port} of this machine: start it with scripts/services.sh up.");
        var arguments = ProcFs.CommandLine(pid);
        var script = arguments.First(argument => argument.EndsWith("s3rver.js", StringComparison.Ordinal));
        var data = ArgumentAfter(arguments, "-d") ?? ArgumentAfter(arguments, "--directory")
            ?? throw new InvalidOperationException($"s3rver (pid {pid}) was started without -d: its data directory is unknown.");
        var cwd = ProcFs.WorkingDirectory(pid);
        var package = Path.GetFullPath(Path.Combine(cwd, Path.GetDirectoryName(script)!, "..", "package.json"));
        return new LocalServices(rabbitHost, s3Url, Path.GetFullPath(Path.Combine(cwd, data)), PackageVersion(package));
    }

    /// <summary>RabbitMQ's Erlang VM.</summary>
    public static int BrokerPid() =>
        ProcFs.FindProcess(IsBroker)
        ?? throw new InvalidOperationException("No RabbitMQ (beam.smp) process runs on this machine: start it with scripts/services.sh up.");

    /// <summary>The broker's and s3rver's pids, null for one that does not run: a change means a service restarted.</summary>
    public (int? Broker, int? S3) Processes() => (ProcFs.FindProcess(IsBroker), S3ProcessOn(S3Url));

    public int S3Pid() => S3ProcessOn(S3Url) ?? throw new InvalidOperationException($"s3rver on port {S3Url.Port} is gone.");

    /// <summary>Waits, for three minutes at most, until RabbitMQ and s3rver both run and take connections.</summary>
    public Task WaitUntilUpAsync() => WaitUntilUpAsync(RabbitHost, S3Url);

    public static Task WaitUntilUpAsync(string rabbitHost, Uri s3Url) => Poll.UntilAsync(async () =>
            ProcFs.FindProcess(IsBroker) is not null && S3ProcessOn(s3Url) is not null
            && await AcceptsAsync(rabbitHost, 5672) && await AcceptsAsync(s3Url.Host, s3Url.Port),
        TimeSpan.FromMinutes(3), $"RabbitMQ on {rabbitHost} and s3rver at {s3Url} to run (scripts/services.sh up)", TimeSpan.FromSeconds(1));

    // The nodes of scripts/cluster.sh and tls-broker.sh run the same command line; the node name they are given tells them apart.
    private static bool IsBroker(int pid, string[] arguments) =>
        arguments[0].EndsWith("beam.smp", StringComparison.Ordinal) && arguments.Contains("rabbit")
        && ProcFs.EnvironmentVariable(pid, "RABBITMQ_NODENAME") is null or "rabbit@localhost";

    private static async Task<bool> AcceptsAsync(string host, int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int? S3ProcessOn(Uri url) => ProcFs.FindProcess((_, arguments) =>
        arguments.Any(argument => argument.EndsWith("s3rver.js", StringComparison.Ordinal))
        && (ArgumentAfter(arguments, "-p") ?? ArgumentAfter(arguments, "--port") ?? "4568") == url.Port.ToString(CultureInfo.InvariantCulture));

    private static string PackageVersion(string packageJson)
    {
        if (!File.Exists(packageJson))
        {
            return "?";
        }

        using var package = JsonDocument.Parse(File.ReadAllBytes(packageJson));
        return package.RootElement.GetProperty("version").GetString() ?? "?";
    }

    private static string? ArgumentAfter(string[] arguments, string name)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : null;
    }
}
