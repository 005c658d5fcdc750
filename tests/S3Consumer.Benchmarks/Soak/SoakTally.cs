using S3Consumer.Core;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// Every message sent, accounted for once every queue is drained: found in S3 by its soak id (an object, a batch line,
/// its rows, all of them) or in an error queue, and how that compares with what must become of it. A message without
/// records to a destination of rows must be in neither, and a worker's trace must show it acknowledged without a row:
/// its absence alone cannot tell it from a message lost. A message written twice is explained by the mechanism that
/// did it, from the faults played around its writes.
/// </summary>
internal sealed class SoakTally
{
    private readonly ILookup<long, StoredMessage> stored;
    private readonly ILookup<long, ParkedMessage> parked;
    private readonly DeliveryLog deliveries;
    private readonly IReadOnlyList<PlayedFault> faults;
    private readonly SoakClock clock;

    public SoakTally(
        IReadOnlyList<SentMessage> sent, IEnumerable<StoredMessage> stored, IEnumerable<ParkedMessage> parked, DeliveryLog deliveries, IReadOnlyList<PlayedFault> faults,
        SoakClock clock)
    {
        ArgumentNullException.ThrowIfNull(sent);
        Sent = sent;
        this.stored = stored.ToLookup(message => message.Number);
        this.parked = parked.ToLookup(message => message.Number);
        this.deliveries = deliveries;
        this.faults = faults;
        this.clock = clock;
        var numbers = sent.Select(message => message.Number).ToHashSet();
        Unexpected = [.. this.stored.Select(found => found.Key).Concat(this.parked.Select(found => found.Key)).Where(number => !numbers.Contains(number)).Distinct()];
        foreach (var message in sent)
        {
            Account(message);
        }
    }

    public IReadOnlyList<SentMessage> Sent { get; }

    /// <summary>Messages found written whole: an object, a line, or a copy with a row for each of its records.</summary>
    public int Written { get; private set; }

    /// <summary>Messages without records to a destination of rows: in neither S3 nor an error queue, and acknowledged without a row as a worker's trace shows.</summary>
    public int Skipped { get; private set; }

    /// <summary>
    /// Messages without records in neither S3 nor an error queue whose skip no trace shows, with the worker killed (SIGKILL)
    /// within <see cref="SpanLossWindow"/> of its last delivery seen (or its confirmation), which takes its last spans with it.
    /// Without such a kill the message is counted lost.
    /// </summary>
    public List<(SentMessage Message, PlayedFault Kill)> SkippedUnseen { get; } = [];

    public int ParkedAsExpected { get; private set; }

    /// <summary>Neither in S3 nor in an error queue.</summary>
    public List<SentMessage> Lost { get; } = [];

    /// <summary>Written by another destination than its own, or under another prefix than its object name's.</summary>
    public List<(SentMessage Message, StoredMessage Copy)> Misfiled { get; } = [];

    /// <summary>Good messages in an error queue.</summary>
    public List<(SentMessage Message, ParkedMessage Copy)> WronglyParked { get; } = [];

    /// <summary>Poison written to S3, or parked in another queue or with a reason of another category.</summary>
    public List<(SentMessage Message, string Found)> PoisonAstray { get; } = [];

    /// <summary>Written with other bytes than the message's (where the harness can tell them), or with other rows than one per record it carries.</summary>
    public List<(SentMessage Message, StoredMessage Copy)> Corrupt { get; } = [];

    /// <summary>Written more than once, by which mechanism, and the fault that set it off (null: none).</summary>
    public List<(SentMessage Message, string Copies, string Mechanism, PlayedFault? Fault)> WrittenTwice { get; } = [];

    /// <summary>Soak ids of this run found in S3 or an error queue that no message sent carries.</summary>
    public IReadOnlyList<long> Unexpected { get; }

    private static TimeSpan SpanLossWindow => TimeSpan.FromSeconds(30);

    public IReadOnlyList<StoredMessage> CopiesOf(long number) => [.. stored[number]];

    public IReadOnlyList<ParkedMessage> ParkedCopiesOf(long number) => [.. parked[number]];

    /// <summary>
    /// For a fault that made destinations unavailable: the messages of those destinations sent before they took writes
    /// again and not written by then, how long after it the last of them was written, and that last message.
    /// </summary>
    public (int Waiting, TimeSpan? Recovery, SentMessage? Last) RecoveryAfter(PlayedFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var recovered = fault.RecoveredAt ?? throw new ArgumentException("The fault made no destination unavailable.", nameof(fault));
        var waiting = Sent
            .Where(message => !message.Expected.IsPoison && fault.Affects(message.Expected.Destination!) && clock.Of(message.ConfirmedAt) < recovered)
            .Select(message => (Message: message, Written: stored[message.Number].Select(copy => clock.Of(copy.WrittenAt)).DefaultIfEmpty(TimeSpan.MaxValue).Min()))
            .Where(found => found.Written >= recovered && found.Written != TimeSpan.MaxValue)
            .ToList();
        var last = waiting.Count == 0 ? default : waiting.MaxBy(found => found.Written);
        return (waiting.Count, last.Message is null ? null : last.Written - recovered, last.Message);
    }

    private void Account(SentMessage message)
    {
        var copies = stored[message.Number].ToList();
        var errors = parked[message.Number].ToList();
        if (copies.Count == 0 && errors.Count == 0)
        {
            if (message.Expected.WritesNothing)
            {
                AccountSkip(message);
            }
            else
            {
                Lost.Add(message);
            }

            return;
        }

        if (message.Expected.Reason is { } reason)
        {
            var expected = errors.Where(copy => copy.Queue == message.Expected.ErrorQueue && copy.Reason.StartsWith(UndeliverableReasons.Prefix(reason) + ":", StringComparison.Ordinal)).ToList();
            ParkedAsExpected += expected.Count > 0 ? 1 : 0;
            PoisonAstray.AddRange(copies.Select(copy => (message, $"written by {copy.Destination} as {copy.Key}")));
            PoisonAstray.AddRange(errors.Except(expected).Select(copy => (message, $"in {copy.Queue}: {copy.Reason}")));
            return;
        }

        Written += !message.Expected.WritesNothing && copies.Any(copy => copy.Rows == message.Rows) ? 1 : 0;
        WronglyParked.AddRange(errors.Select(copy => (message, copy)));
        var destination = SoakDestinations.Named(message.Expected.Destination!);
        Misfiled.AddRange(copies
            .Where(copy => copy.Destination != destination.Name || !copy.Key.StartsWith(destination.Layout.Prefix(message.Expected.ObjectName!), StringComparison.Ordinal))
            .Select(copy => (message, copy)));
        Corrupt.AddRange(copies
            .Where(copy => copy.Rows != message.Rows || (message.Written is { } hash && !copy.Hash.AsSpan().SequenceEqual(hash)))
            .Select(copy => (message, copy)));

        var writes = deliveries.Of(message.Number).Where(delivery => delivery.Result is DeliveryResult.Written).ToList();
        if (copies.Count > 1 || writes.Count > 1)
        {
            var described = copies.Count > 1
                ? $"in {copies.Count} batch objects ({string.Join(", ", copies.Select(copy => copy.Where))})"
                : $"its object written {writes.Count} times ({string.Join(", ", writes.Select(write => $"{write.Worker} at {SoakClock.Format(write.End)}"))})";
            var (mechanism, fault) = Mechanism(message, copies, writes);
            WrittenTwice.Add((message, described, mechanism, fault));
        }
    }

    private void AccountSkip(SentMessage message)
    {
        var seen = deliveries.Of(message.Number);
        if (seen.Any(delivery => delivery.Result == DeliveryResult.Skipped))
        {
            Skipped++;
            return;
        }

        var since = seen.Count > 0 ? seen[^1].End : clock.Of(message.ConfirmedAt);
        var kill = faults.FirstOrDefault(fault => fault.Plan.Kind == FaultKind.KillWorker && fault.Started >= since && fault.Started <= since + SpanLossWindow);
        if (kill is null)
        {
            Lost.Add(message);
        }
        else
        {
            SkippedUnseen.Add((message, kill));
        }
    }

    /// <summary>
    /// What wrote a message twice: the publisher's retry; else the first fault played from 30 s before its first write
    /// to its last (a kill may come while the write it cuts short is still on its way to S3); else a hold after a write.
    /// </summary>
    private (string Mechanism, PlayedFault? Fault) Mechanism(SentMessage message, List<StoredMessage> copies, List<Delivery> writes)
    {
        if (message.Attempts > 1)
        {
            return ("published twice: the publisher sent it again after a publish the broker did not confirm", null);
        }

        var times = (copies.Count > 1 ? copies.Select(copy => clock.Of(copy.WrittenAt)) : writes.Select(write => write.End)).Order().ToList();
        var fault = faults.FirstOrDefault(fault => fault.Started >= times[0] - TimeSpan.FromSeconds(30) && fault.Started <= times[^1]);
        return (fault?.Plan.Kind switch
        {
            FaultKind.KillWorker => $"redelivered: worker {fault.Plan.Target} was killed (SIGKILL) after its write, before RabbitMQ had the acknowledgement",
            FaultKind.StopWorker => $"redelivered: worker {fault.Plan.Target} was stopped (SIGTERM) between its write and the acknowledgement",
            FaultKind.RestartNode => $"redelivered: RabbitMQ node {fault.Plan.Target} restarted, closing the channel before the acknowledgement",
            FaultKind.StopS3 => "written again after s3rver stopped under a write that it may have stored",
            { } other => $"written again around the fault '{fault.Plan.Describe()}' ({other})",
            null when deliveries.Of(message.Number).Any(delivery => delivery.Result == DeliveryResult.Held) => "held after a write that may have been stored, then written again",
            null => "not explained",
        }, fault);
    }
}
