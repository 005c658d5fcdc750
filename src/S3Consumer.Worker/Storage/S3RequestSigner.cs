using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// AWS Signature Version 4 in S3's form (the path encoded once and never normalised), for one bucket endpoint's signing
/// region and service. The signing key is derived once a day per credentials, and a request is signed in pooled
/// buffers: the Authorization value is the one string it makes.
/// </summary>
internal sealed class S3RequestSigner(string region, string service)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The payload hash of a request whose body is not hashed (its checksum header protects it instead).</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private const string HexUpper = "0123456789ABCDEF";

    private volatile SigningKey? key;

    /// <summary>The <c>x-amz-date</c> value for a request signed at <paramref name="signedAt"/> (UTC).</summary>
    public static string Timestamp(DateTime signedAt) => signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The length of <paramref name="key"/> as S3's canonical path encodes it, which is also how it is sent: every byte
    /// of its UTF-8 but the unreserved characters and <c>/</c> percent-encoded.
    /// </summary>
    public static int EncodedLength(ReadOnlySpan<char> key)
    {
        var length = 0;
        foreach (var rune in key.EnumerateRunes())
        {
            length += rune.IsAscii && Unreserved((char)rune.Value) ? 1 : rune.Utf8SequenceLength * 3;
        }

        return length;
    }

    /// <summary>Writes <paramref name="key"/> encoded (see <see cref="EncodedLength"/>) into <paramref name="destination"/>.</summary>
    public static void EncodePath(ReadOnlySpan<char> key, Span<char> destination)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var at = 0;
        foreach (var rune in key.EnumerateRunes())
        {
            if (rune.IsAscii && Unreserved((char)rune.Value))
            {
                destination[at++] = (char)rune.Value;
                continue;
            }

            for (var index = 0; index < rune.EncodeToUtf8(utf8); index++)
            {
                destination[at++] = '%';
                destination[at++] = HexUpper[utf8[index] >> 4];
                destination[at++] = HexUpper[utf8[index] & 0xF];
            }
        }
    }

    /// <summary>
    /// The Authorization header of a request: <paramref name="headers"/> are every header signed, with lower-case names,
    /// sorted by name (ordinal), <c>host</c> and <c>x-amz-date</c> (<paramref name="timestamp"/>) among them.
    /// </summary>
    public string Authorization(
        ImmutableCredentials credentials, string timestamp, string method, ReadOnlySpan<char> path, ReadOnlySpan<KeyValuePair<string, string>> headers, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(timestamp);
        var date = timestamp.AsSpan(0, 8);
        var signing = KeyFor(credentials, date);

        using var canonical = Canonical(method, path, headers, payloadHash);
        using var toSign = StringToSign(timestamp, canonical);
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        toSign.HmacSha256(signing, signature);

        using var authorization = new PooledText(512);
        authorization.Append(Algorithm).Append(" Credential=").Append(credentials.AccessKey).Append('/');
        AppendScope(authorization, date).Append(", SignedHeaders=");
        AppendNames(authorization, headers);
        authorization.Append(", Signature=").AppendHex(signature);
        return authorization.ToString();
    }

    /// <summary>
    /// The canonical request and the string to sign of the request <see cref="Authorization"/> signs with the same
    /// arguments, as text: to set beside S3's when it refuses the signature.
    /// </summary>
    public SignedText Describe(string timestamp, string method, ReadOnlySpan<char> path, ReadOnlySpan<KeyValuePair<string, string>> headers, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        using var canonical = Canonical(method, path, headers, payloadHash);
        using var toSign = StringToSign(timestamp, canonical);
        return new SignedText(canonical.ToString(), toSign.ToString());
    }

    private static PooledText Canonical(string method, ReadOnlySpan<char> path, ReadOnlySpan<KeyValuePair<string, string>> headers, string payloadHash)
    {
        var canonical = new PooledText(1024);
        canonical.Append(method).Append('\n').Append(path).Append("\n\n");
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').AppendTrimmed(value).Append('\n');
        }

        canonical.Append('\n');
        AppendNames(canonical, headers);
        canonical.Append('\n').Append(payloadHash);
        return canonical;
    }

    private PooledText StringToSign(string timestamp, PooledText canonical)
    {
        Span<byte> requestHash = stackalloc byte[SHA256.HashSizeInBytes];
        canonical.Sha256(requestHash);
        var toSign = new PooledText(256);
        toSign.Append(Algorithm).Append('\n').Append(timestamp).Append('\n');
        AppendScope(toSign, timestamp.AsSpan(0, 8)).Append('\n').AppendHex(requestHash);
        return toSign;
    }

    private static bool Unreserved(char value) =>
        char.IsAsciiLetterOrDigit(value) || value is '-' or '_' or '.' or '~' or '/';

    private static void AppendNames(PooledText text, ReadOnlySpan<KeyValuePair<string, string>> headers)
    {
        for (var index = 0; index < headers.Length; index++)
        {
            (index == 0 ? text : text.Append(';')).Append(headers[index].Key);
        }
    }

    private PooledText AppendScope(PooledText text, ReadOnlySpan<char> date) =>
        text.Append(date).Append('/').Append(region).Append('/').Append(service).Append("/aws4_request");

    private byte[] KeyFor(ImmutableCredentials credentials, ReadOnlySpan<char> date)
    {
        var known = key;
        if (known is not null && date.SequenceEqual(known.Date) && known.AccessKey == credentials.AccessKey && known.SecretKey == credentials.SecretKey)
        {
            return known.Key;
        }

        var derived = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey), date.ToString());
        foreach (var part in new[] { region, service, "aws4_request" })
        {
            derived = Hmac(derived, part);
        }

        key = new SigningKey(credentials.AccessKey, credentials.SecretKey, date.ToString(), derived);
        return derived;
    }

    private static byte[] Hmac(byte[] secret, string data) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(data));

    /// <summary>The key derived for one day's requests of one credentials: a plain class, so that nothing prints the secret it holds.</summary>
    private sealed class SigningKey(string accessKey, string secretKey, string date, byte[] key)
    {
        public string AccessKey { get; } = accessKey;

        public string SecretKey { get; } = secretKey;

        public string Date { get; } = date;

        public byte[] Key { get; } = key;
    }

    /// <summary>
    /// Text built in a pooled buffer, hashed or turned into a string once. The buffers are cleared as they go back to
    /// the pool: they held the request's session token.
    /// </summary>
    private sealed class PooledText(int capacity) : IDisposable
    {
        private char[] chars = ArrayPool<char>.Shared.Rent(capacity);
        private int length;

        public PooledText Append(ReadOnlySpan<char> value)
        {
            Reserve(value.Length);
            value.CopyTo(chars.AsSpan(length));
            length += value.Length;
            return this;
        }

        public PooledText Append(char value)
        {
            Reserve(1);
            chars[length++] = value;
            return this;
        }

        /// <summary>A header value as SigV4 canonicalises it: without surrounding spaces, each run of spaces inside made one.</summary>
        public PooledText AppendTrimmed(ReadOnlySpan<char> value)
        {
            value = value.Trim(' ');
            Reserve(value.Length);
            for (var index = 0; index < value.Length; index++)
            {
                if (value[index] != ' ' || value[index - 1] != ' ')
                {
                    chars[length++] = value[index];
                }
            }

            return this;
        }

        public PooledText AppendHex(ReadOnlySpan<byte> value)
        {
            Reserve(value.Length * 2);
            Convert.TryToHexStringLower(value, chars.AsSpan(length), out var written);
            length += written;
            return this;
        }

        public void Sha256(Span<byte> destination) => Hash(destination, static (_, source, hash) => SHA256.HashData(source, hash), []);

        public void HmacSha256(byte[] secret, Span<byte> destination) => Hash(destination, static (secret, source, hash) => HMACSHA256.HashData(secret, source, hash), secret);

        public override string ToString() => new(chars, 0, length);

        public void Dispose() => ArrayPool<char>.Shared.Return(chars, clearArray: true);

        private void Hash(Span<byte> destination, HashInto hash, byte[] secret)
        {
            var text = chars.AsSpan(0, length);
            var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            try
            {
                var count = Encoding.UTF8.GetBytes(text, bytes);
                hash(secret, bytes.AsSpan(0, count), destination);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes, clearArray: true);
            }
        }

        private void Reserve(int more)
        {
            if (length + more <= chars.Length)
            {
                return;
            }

            var larger = ArrayPool<char>.Shared.Rent(Math.Max(chars.Length * 2, length + more));
            chars.AsSpan(0, length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(chars, clearArray: true);
            chars = larger;
        }

        private delegate void HashInto(byte[] secret, ReadOnlySpan<byte> source, Span<byte> destination);
    }
}
