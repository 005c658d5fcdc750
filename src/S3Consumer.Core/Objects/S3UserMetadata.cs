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
        var given = metadata.Fields();
        var fields = new KeyValuePair<string, string>[given.Count];
        var size = 0;
        for (var index = 0; index < fields.Length; index++)
        {
            fields[index] = KeyValuePair.Create(given[index].Key, EncodeValue(given[index].Value));
            size += SizeOf(fields[index]);
        }

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
        foreach (var field in fields)
        {
            size += SizeOf(field);
        }

        return size;
    }

    private static int SizeOf(KeyValuePair<string, string> field) => Encoding.UTF8.GetByteCount(field.Key) + Encoding.UTF8.GetByteCount(field.Value);

    /// <summary>The value as S3 can carry it in a header: unchanged when printable ASCII, else RFC 2047 encoded.</summary>
    public static string EncodeValue(string value) =>
        !value.AsSpan().ContainsAnyExceptInRange(' ', '~')
            ? value
            : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";
}
