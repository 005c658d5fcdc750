using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// The id every message of a run carries wherever it lands (its event-id header, inside its payload and records, so
/// that a batch line or a row without headers still names it): <c>soak-&lt;run&gt;-&lt;number&gt;</c>. Each message also
/// carries a W3C <c>traceparent</c> whose trace id encodes its number, so that the worker's spans of it are found again.
/// </summary>
internal sealed partial class SoakIds(string run)
{
    private const string TracePrefix = "5a0c";

    /// <summary>Six hex digits of its own per run, so that a run never counts another's leftovers.</summary>
    public string Run { get; } = run;

    public static SoakIds New() => new(Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6]);

    public string Of(long number) => string.Create(CultureInfo.InvariantCulture, $"soak-{Run}-{number:D7}");

    public string TraceParent(long number) => string.Create(CultureInfo.InvariantCulture, $"00-{TraceId(number)}-{number + 1:x16}-01");

    /// <summary>The message a trace belongs to; null for a trace that is no message of this run.</summary>
    public long? NumberOfTrace(string traceId) =>
        traceId.Length == 32 && traceId.StartsWith(TracePrefix + Run, StringComparison.Ordinal)
        && long.TryParse(traceId.AsSpan(10), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>The numbers of this run's messages named in <paramref name="text"/>.</summary>
    public IEnumerable<long> NumbersIn(string text) =>
        AnyId().Matches(text).Where(match => match.Groups[1].Value == Run).Select(match => long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));

    /// <summary>As <see cref="NumbersIn(string)"/>, in UTF-8 bytes.</summary>
    public IEnumerable<long> NumbersIn(ReadOnlySpan<byte> utf8) => NumbersIn(Encoding.UTF8.GetString(utf8));

    private string TraceId(long number) => string.Create(CultureInfo.InvariantCulture, $"{TracePrefix}{Run}{number:x22}");

    [GeneratedRegex("soak-([0-9a-f]{6})-([0-9]{7})", RegexOptions.CultureInvariant)]
    private static partial Regex AnyId();
}
