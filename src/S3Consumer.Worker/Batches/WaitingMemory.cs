using System.Runtime.InteropServices;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Messages;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// What a message keeps in memory while it waits for its batch, as <c>Batches:MaxBufferedBytes</c> counts it: its
/// body as delivered, twice (the broker client's copy, held by MassTransit's receive context until the message is
/// acknowledged, and the copy the worker reads, whole however little of it the line is); its line's own copy when it
/// has one (a payload put on one line, a downloaded result read into it); its rows' columns, for a destination of rows
/// (their records are a slice of the line); and the state of its delivery (contexts,
/// headers, the consumer's awaiting tasks, and the garbage collector's share of them), measured (docs/performance.md, "What a waiting message weighs").
/// </summary>
public static class WaitingMemory
{
    /// <summary>The state of one waiting message besides its bytes: MassTransit's, RabbitMQ.Client's and the worker's.</summary>
    public const long PerMessage = 32 * 1024;

    public static long Of(InboundMessage delivered, BatchMessage line)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        ArgumentNullException.ThrowIfNull(line);
        var body = MemoryMarshal.TryGetArray(delivered.Body, out var array) ? array.Array!.Length : delivered.Body.Length;
        var lineCopy = MemoryMarshal.TryGetArray(line.Data, out var lineArray) && ReferenceEquals(lineArray.Array, array.Array) ? 0 : line.RetainedBytes;
        return (2L * body) + lineCopy + (line.Rows?.RetainedBytes ?? 0) + PerMessage;
    }
}
