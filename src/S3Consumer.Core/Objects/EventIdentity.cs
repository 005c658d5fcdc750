using System.Security.Cryptography;

namespace S3Consumer.Core.Objects;

/// <summary>An event's id: the one the publisher gave, else the message id, else one derived from the body.</summary>
public static class EventIdentity
{
    // The RFC 9562 namespace under which body-derived ids are minted (itself a random UUID, fixed forever).
    private static readonly Guid BodyNamespace = new("5b3f1f6e-3c1a-4d8e-9a51-2f6f0b7c4e21");

    public static string Resolve(string? eventId, string? messageId, ReadOnlySpan<byte> body) =>
        !string.IsNullOrWhiteSpace(eventId) ? eventId
        : !string.IsNullOrWhiteSpace(messageId) ? messageId
        : FromBody(body).ToString();

    /// <summary>A name-based (version 5) UUID of the body: the same bytes always give the same id.</summary>
    public static Guid FromBody(ReadOnlySpan<byte> body) => NameBased(BodyNamespace, body);

    /// <summary>The RFC 9562 version 5 UUID of a name in a namespace: the same name always gives the same id.</summary>
    public static Guid NameBased(Guid nameSpace, ReadOnlySpan<byte> name)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(nameSpace.ToByteArray(bigEndian: true));
        sha1.AppendData(name);
        Span<byte> hash = stackalloc byte[20];
        sha1.GetHashAndReset(hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
