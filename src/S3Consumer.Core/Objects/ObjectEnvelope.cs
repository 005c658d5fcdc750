namespace S3Consumer.Core.Objects;

/// <summary>What an object holds around its message (<c>Destinations:&lt;name&gt;:Envelope</c>).</summary>
public enum ObjectEnvelope
{
    /// <summary><c>{"data": &lt;message&gt;}</c>, as the source document shows the object.</summary>
    Data,

    /// <summary>The message itself, as Ampersand's S3 destination writes it.</summary>
    None,
}

/// <summary>The names of each <see cref="ObjectEnvelope"/> and the bytes it puts before and after a message.</summary>
public static class ObjectEnvelopes
{
    public const string ValidNames = "data, none";

    private static readonly ReadOnlyMemory<byte> DataPrefix = "{\"data\":"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DataSuffix = "}"u8.ToArray();

    public static bool TryParse(string? name, out ObjectEnvelope envelope)
    {
        (var known, envelope) = name?.ToUpperInvariant() switch
        {
            "DATA" => (true, ObjectEnvelope.Data),
            "NONE" => (true, ObjectEnvelope.None),
            _ => (false, ObjectEnvelope.Data),
        };
        return known;
    }

    /// <summary>The bytes written before the message.</summary>
    public static ReadOnlyMemory<byte> Prefix(this ObjectEnvelope envelope) => envelope == ObjectEnvelope.Data ? DataPrefix : ReadOnlyMemory<byte>.Empty;

    /// <summary>The bytes written after the message.</summary>
    public static ReadOnlyMemory<byte> Suffix(this ObjectEnvelope envelope) => envelope == ObjectEnvelope.Data ? DataSuffix : ReadOnlyMemory<byte>.Empty;
}
