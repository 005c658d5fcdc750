using System.Runtime.InteropServices;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>The machine the figures belong to, and how busy it is.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim();
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"')
            : null;
        return Text.Invariant(
            $"{cpu ?? "?"}, {Environment.ProcessorCount} cores, {double.Parse(memory, System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024:N1} GiB; ")
            + $"{os ?? "Linux"}, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}; {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The 1, 5 and 15 minute load averages: above 0 with nothing measured running means someone else is using the cores.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
}
