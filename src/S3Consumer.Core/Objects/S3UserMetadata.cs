using System.Text;

namespace S3Consumer.Core.Objects;

/// <summary>Turns an object's metadata into <c>x-amz-meta-*</c> values that S3 accepts.</summary>
public static class S3UserMetadata
{
    /// <summary>S3's limit on user metadata: the UTF-8 bytes of every name and value, summed.</summary>
    public const int MaxBytes = 2048;

    /// <summary>
    /// The fields with values S3 cannot carry in a header (non-ASCII, control characters) encoded as RFC 2047
    /// <c>=?UTF-8?B?...?=</c>, the form S3 itself returns them in.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Encode(ObjectMetadata metadata, string destinationName)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in metadata.Fields())
        {
            fields.Add(KeyValuePair.Create(name, EncodeValue(value)));
        }

        var size = SizeOf(fields);
        return size <= MaxBytes
            ? fields
            : throw new UndeliverableMessageException(
                UndeliverableReason.MetadataTooLarge,
                $"Destination '{destinationName}': the object's metadata takes {size:N0} bytes, over S3's {MaxBytes:N0}-byte limit " +
                $"(largest: {fields.MaxBy(field => field.Value.Length).Key}). Shorten the ids or headers the message carries.");
    }

    /// <summary>The bytes S3 counts against <see cref="MaxBytes"/> for these (encoded) fields.</summary>
    public static int SizeOf(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var size = 0;
        foreach (var (name, value) in fields)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value);
        }

        return size;
    }

    /// <summary>The value as S3 can carry it in a header: unchanged when printable ASCII, else RFC 2047 encoded.</summary>
    public static string EncodeValue(string value) =>
        !value.AsSpan().ContainsAnyExceptInRange(' ', '~')
            ? value
            : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";
}
