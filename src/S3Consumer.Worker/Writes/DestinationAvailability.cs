using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;
using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Telemetry;

namespace S3Consumer.Worker.Writes;

/// <summary>An unavailable destination: since when, and what S3 (or the network) said last.</summary>
public sealed record DestinationOutage(DateTimeOffset Since, string Code);

/// <summary>A message let through to an unavailable destination to find out whether it is back; <c>default</c> for any other message.</summary>
public readonly record struct DestinationProbe(long Ticket)
{
    public bool Taken => Ticket != 0;
}

/// <summary>
/// Which destinations take writes. A destination whose write failed for its own reasons (see <see cref="S3Failures"/>)
/// is unavailable: its messages are held without a call to S3, except a probe, let through to find out whether it is
/// back: one a quarter of <see cref="HoldOptions.HoldDelay"/> after the last failed write, none while one is under way
/// (for up to a whole hold delay), and the next message at once after one that ended without a write's answer. A held
/// message comes back after a whole hold delay, so each worker has tried the destination by then and writes it rather
/// than holding it again. The first write it takes makes it available again.
/// One log line when a destination becomes unavailable, one when it recovers. Kept by name; a destination whose
/// configuration changes is probed with its next message at once.
/// </summary>
public sealed partial class DestinationAvailability
{
    private const int ProbesPerHoldDelay = 4;

    private readonly ConcurrentDictionary<string, Outage> outages = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider time;
    private readonly IOptions<HoldOptions> options;
    private readonly ILogger<DestinationAvailability> logger;

    public DestinationAvailability(
        DestinationCatalog destinations, WorkerTelemetry telemetry, TimeProvider time, IOptions<HoldOptions> options, ILogger<DestinationAvailability> logger)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(telemetry);
        this.time = time;
        this.options = options;
        this.logger = logger;
        telemetry.ObserveAvailableDestinations(() => destinations.All.Count(destination => IsAvailable(destination.Name)));
        destinations.Changed += (_, change) => Reconfigured(change);
    }

    public bool IsAvailable(string destination) => !outages.ContainsKey(destination);

    public DestinationOutage? OutageOf(string destination) => outages.TryGetValue(destination, out var outage) ? outage.Describe() : null;

    /// <summary>
    /// Whether a message may be written now: the destination is available, or this message is its
    /// <paramref name="probe"/>, which <see cref="ProbeEnded"/> is told of when its delivery ends, however it ends.
    /// </summary>
    public bool TryAdmit(string destination, out DestinationProbe probe)
    {
        probe = default;
        return !outages.TryGetValue(destination, out var outage) || outage.TryTakeProbe(time.GetUtcNow(), options.Value.HoldDelay, out probe);
    }

    /// <summary>
    /// A probe's delivery ended. One that ended without a write's answer (its message parked before it was written,
    /// its result not to be had, no rows to write) says nothing of the destination, so the next message probes at once.
    /// </summary>
    public void ProbeEnded(string destination, DestinationProbe probe)
    {
        if (probe.Taken && outages.TryGetValue(destination, out var outage))
        {
            outage.ProbeEnded(probe);
        }
    }

    public void Succeeded(string destination)
    {
        if (outages.TryRemove(destination, out var outage))
        {
            var ended = outage.Describe();
            var duration = time.GetUtcNow() - ended.Since;
            LogRecovered(destination, ended.Code, duration);
        }
    }

    public void Failed(string destination, string code)
    {
        var now = time.GetUtcNow();
        var holdDelay = options.Value.HoldDelay;
        var nextProbe = now + holdDelay / ProbesPerHoldDelay;
        if (outages.TryAdd(destination, new Outage(now, code, nextProbe)))
        {
            LogUnavailable(destination, code, holdDelay);
        }
        else if (outages.TryGetValue(destination, out var outage))
        {
            outage.FailedAgain(code, nextProbe);
        }
    }

    // New credentials, bucket or endpoint may be the fix: the next message of a changed destination is its probe, at once.
    // A removed destination's outage goes with it.
    private void Reconfigured(DestinationsChangedEventArgs change)
    {
        foreach (var name in change.Changed)
        {
            if (outages.TryGetValue(name, out var outage))
            {
                outage.ProbeNow();
            }
        }

        foreach (var name in change.Removed)
        {
            outages.TryRemove(name, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destination {Destination} is unavailable ({Code}): its messages are held and tried again every {HoldDelay} until it takes writes")]
    private partial void LogUnavailable(string destination, string code, TimeSpan holdDelay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Destination {Destination} takes writes again after {Duration} unavailable ({Code}); its held messages follow")]
    private partial void LogRecovered(string destination, string code, TimeSpan duration);

    private sealed class Outage(DateTimeOffset since, string code, DateTimeOffset nextProbe)
    {
        private string code = code;
        private long nextProbeTicks = nextProbe.UtcTicks;

        public DestinationOutage Describe() => new(since, Volatile.Read(ref code));

        public void FailedAgain(string newCode, DateTimeOffset next)
        {
            Volatile.Write(ref code, newCode);
            Interlocked.Exchange(ref nextProbeTicks, next.UtcTicks);
        }

        public void ProbeNow() => Interlocked.Exchange(ref nextProbeTicks, 0);

        // Half-open: the first message after the probe time goes through; the others wait until it fails, or for
        // an interval if it never says. The probe's ticket is the time it set: nothing else has changed it while it
        // is still there.
        public bool TryTakeProbe(DateTimeOffset now, TimeSpan interval, out DestinationProbe probe)
        {
            var due = Interlocked.Read(ref nextProbeTicks);
            var until = (now + interval).UtcTicks;
            probe = now.UtcTicks >= due && Interlocked.CompareExchange(ref nextProbeTicks, until, due) == due ? new DestinationProbe(until) : default;
            return probe.Taken;
        }

        // Neither a failure nor a reload has set another probe time since this probe was taken: no write told its answer.
        public void ProbeEnded(DestinationProbe probe) => Interlocked.CompareExchange(ref nextProbeTicks, 0, probe.Ticket);
    }
}
