using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>What Linux's /proc says about a process, and about the whole machine.</summary>
internal static class ProcFs
{
    /// <summary>/proc counts CPU time in USER_HZ ticks, 100 a second on Linux.</summary>
    private const double TicksPerSecond = 100;

    // Of /proc/stat's "cpu user nice system idle iowait irq softirq steal guest guest_nice": busy ones (guest is in user).
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7, 8];

    private static readonly string? OwnNetwork = NetworkNamespace(Environment.ProcessId);

    /// <summary>User and system CPU seconds the process has used (utime + stime of /proc/PID/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ", from field 3 (state) on
        return (Number(fields[11]) + Number(fields[12])) / TicksPerSecond;
    }

    /// <summary>The process's peak resident set size so far (VmHWM), in bytes.</summary>
    public static long PeakRssBytes(int pid) => StatusNumber(pid, "VmHWM:") * 1024;

    /// <summary>The process's resident set size now (VmRSS), in bytes.</summary>
    public static long RssBytes(int pid) => StatusNumber(pid, "VmRSS:") * 1024;

    /// <summary>The process's threads now.</summary>
    public static int Threads(int pid) => (int)StatusNumber(pid, "Threads:");

    /// <summary>The file descriptors the process holds open now (files, sockets, pipes).</summary>
    public static int Handles(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;

    /// <summary>CPU seconds all cores have been busy since boot (the first line of /proc/stat, less idle and iowait).</summary>
    public static double MachineBusySeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return BusyFields.Sum(field => Number(cpu[field])) / TicksPerSecond;
    }

    /// <summary>
    /// The first process of this network namespace whose command line (arguments split) matches: a service is found by
    /// its port, and a port is a network namespace's, so on a machine that runs several sandboxes or containers, each
    /// with its own services on the same ports, only this one's are ours.
    /// </summary>
    public static int? FindProcess(Func<int, string[], bool> matches)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Environment.ProcessId
                && CommandLine(pid) is { Length: > 0 } arguments && matches(pid, arguments) && NetworkNamespace(pid) == OwnNetwork)
            {
                return pid;
            }
        }

        return null;
    }

    public static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return []; // gone meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The value of an environment variable the process was started with; null when it has none, is gone or is not ours to look at.</summary>
    public static string? EnvironmentVariable(int pid, string name)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').FirstOrDefault(entry => entry.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The directory the process runs in, to resolve the relative paths it was given.</summary>
    public static string WorkingDirectory(int pid) => new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget ?? "/";

    // Such as "net:[4026531840]"; null for a process gone meanwhile or not ours to look at.
    private static string? NetworkNamespace(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A field name is followed by a tab, then (for sizes) spaces.
    private static long StatusNumber(int pid, string field) =>
        Number(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith(field, StringComparison.Ordinal))
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]);

    private static long Number(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
