namespace S3Consumer.Core.Objects;

/// <summary>The bytes of one object and how S3 is told to read them: one message's JSON, or a batch's NDJSON.</summary>
public interface IObjectBody
{
    string ContentType { get; }

    /// <summary>The <c>Content-Encoding</c> the object is written with; null where the bytes are stored as they are.</summary>
    string? ContentEncoding { get; }

    /// <summary>The body's length as written.</summary>
    long Length { get; }

    /// <summary>A fresh stream over the body; each write attempt takes its own.</summary>
    Stream OpenRead();
}
