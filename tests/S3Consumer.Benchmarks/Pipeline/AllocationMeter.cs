using System.Diagnostics.Tracing;
using System.Net.Sockets;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace S3Consumer.Benchmarks.Pipeline;

/// <summary>
/// Bytes a .NET process allocates over an interval, read from outside it: an EventPipe session on its diagnostic port
/// takes the runtime's GCAllocationTick events, each of which reports the bytes allocated since the last one (about
/// 100 KB), with no stack walks and no rundown so that the process spends next to nothing on them. Ticks in the
/// interval are summed, so the figure is exact to a tick per GC heap at either end.
/// </summary>
internal sealed class AllocationMeter : IAsyncDisposable
{
    private readonly EventPipeSession session;
    private readonly Task<List<(DateTime At, long Bytes)>> ticks;

    private AllocationMeter(EventPipeSession session)
    {
        this.session = session;
        ticks = Task.Run(() => Read(session.EventStream));
    }

    /// <summary>Starts the session as soon as the process's runtime listens on its diagnostic port.</summary>
    public static async Task<AllocationMeter> AttachAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        var provider = new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GC);
        var configuration = new EventPipeSessionConfiguration([provider], circularBufferSizeMB: 16, requestRundown: false, requestStackwalk: false);
        var session = await Poll.ForValueAsync(
            async () =>
            {
                try
                {
                    return await client.StartEventPipeSessionAsync(configuration, CancellationToken.None);
                }
                catch (ServerNotAvailableException)
                {
                    return null; // the runtime has not opened its diagnostic port yet
                }
                catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    return null; // it has made the port's socket but does not listen on it yet
                }
            },
            TimeSpan.FromSeconds(30), $"the diagnostic port of process {pid}", TimeSpan.FromMilliseconds(10));
        return new AllocationMeter(session);
    }

    /// <summary>Ends the session and sums what the process allocated from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<long> StopAsync(DateTime from, DateTime to)
    {
        session.Stop();
        return (await ticks).Where(tick => tick.At >= from && tick.At <= to).Sum(tick => tick.Bytes);
    }

    public async ValueTask DisposeAsync()
    {
        session.Dispose();
        await ticks.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static List<(DateTime At, long Bytes)> Read(Stream events)
    {
        var ticks = new List<(DateTime, long)>();
        using var source = new EventPipeEventSource(events);
        source.Clr.GCAllocationTick += tick => ticks.Add((tick.TimeStamp.ToUniversalTime(), tick.AllocationAmount64));
        source.Process();
        return ticks;
    }
}
