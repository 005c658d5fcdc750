using System.Globalization;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>Figures as printed: invariant culture, KB of 2^10 bytes, MB of 2^20 bytes.</summary>
internal static class Text
{
    public static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    public static double Kilobytes(double bytes) => bytes / 1024d;

    public static double Megabytes(long bytes) => bytes / 1024d / 1024d;
}
