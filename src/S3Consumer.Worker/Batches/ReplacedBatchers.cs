using System.Collections.Concurrent;

namespace S3Consumer.Worker.Batches;

/// <summary>
/// The batchers of configurations a reload replaced, kept while they still hold messages so that a stop closes them
/// too. Each drains (see <see cref="DestinationBatcher.Drain"/>) and is let go of once it is empty, without disposal:
/// a message that found it just before it was replaced may still add to it, and its timer, armed by that message,
/// writes what it holds.
/// </summary>
internal sealed class ReplacedBatchers
{
    private readonly ConcurrentDictionary<DestinationBatcher, byte> replaced = new();

    public IEnumerable<DestinationBatcher> All => replaced.Keys;

    /// <summary>Drains the batcher a reload replaced, and lets go of those that hold nothing any more.</summary>
    public void Retire(DestinationBatcher batcher)
    {
        batcher.Drain();
        replaced.TryAdd(batcher, 0);
        foreach (var old in replaced.Keys.Where(old => old.IsEmpty))
        {
            replaced.TryRemove(old, out _);
        }
    }
}
