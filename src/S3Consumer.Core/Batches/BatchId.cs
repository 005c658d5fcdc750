using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using S3Consumer.Core.Objects;

namespace S3Consumer.Core.Batches;

/// <summary>
/// A batch's id: the version 5 UUID of the event-ids it holds, taken as a set (sorted, each length-prefixed), so the
/// same messages give the same id in any order, and a batch written again after a crash lands on the same key.
/// </summary>
public static class BatchId
{
    // The RFC 9562 namespace of batch ids (a random UUID, fixed forever).
    private static readonly Guid Namespace = new("3e53d704-06e3-4af0-ae45-516bd03def24");

    public static string Of(IEnumerable<string> eventIds)
    {
        var name = new ArrayBufferWriter<byte>();
        foreach (var eventId in eventIds.Order(StringComparer.Ordinal))
        {
            // The length prefix keeps ["ab", "c"] and ["a", "bc"] apart.
            var size = Encoding.UTF8.GetByteCount(eventId);
            BinaryPrimitives.WriteInt32BigEndian(name.GetSpan(sizeof(int)), size);
            name.Advance(sizeof(int));
            name.Advance(Encoding.UTF8.GetBytes(eventId, name.GetSpan(size)));
        }

        return EventIdentity.NameBased(Namespace, name.WrittenSpan).ToString();
    }
}
