using System.Buffers;
using System.Text;
using System.Text.Json;

namespace S3Consumer.Core.Messages;

/// <summary>
/// Finds a message's payload and reads the fields the worker uses straight from the delivered bytes, checking that
/// the whole body is JSON as RFC 8259 allows it and that each field it reads has the contract's type. It builds no
/// object of the payload: records are checked one token at a time, and the payload is written as the bytes it was.
/// </summary>
/// <remarks>
/// Field names match ignoring case, as MassTransit's System.Text.Json deserializer matches a typed publisher's contract
/// (<c>PropertyNameCaseInsensitive</c>), so that a raw and a typed message read alike; a name given twice that way
/// (<c>data</c> and <c>Data</c>, <c>action</c> twice) is ambiguous and refused rather than read as one or the other.
/// </remarks>
public static class ActionMessageReader
{
    /// <summary>How deeply a body may nest objects and lists (RFC 8259 sets no limit; the readers' default of 64 is too few).</summary>
    public const int MaxDepth = 512;

    /// <summary>One more level than <see cref="MaxDepth"/>, so that the limit is reported by this reader, with its own reason.</summary>
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth + 1 };

    private static readonly string[] WebhookFields =
        ["action", "projectId", "provider", "groupRef", "groupName", "installationId", "objectName", "resultInfo", "result"];

    /// <summary>The message's payload and fields; throws <see cref="UndeliverableMessageException"/> saying what to fix.</summary>
    public static ActionMessage Read(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.Body;

        body = body[ByteOrderMarkLength(body.Span)..];

        CheckUtf8(body.Span);
        try
        {
            var top = TopLevel.Scan(body.Span);
            if (top.Data is { } data)
            {
                return new ActionMessage
                {
                    Shape = MessageShape.Wrapped,
                    Payload = body[data],
                    Destination = top.Destination,
                    Fields = ReadFields(body[data].Span, "$.data"),
                };
            }

            // A notification is written as it came, whatever its fields (Ampersand sends its data object).
            return top.HasWebhookField || message.NotificationType is not null
                ? new ActionMessage { Shape = MessageShape.Webhook, Payload = body[top.Root], Destination = top.Destination, Fields = ReadFields(body[top.Root].Span, "$") }
                : throw new UndeliverableMessageException(
                    UndeliverableReason.MissingField,
                    "the message has no 'data' object: send {\"data\": {...}} as the source document shows, or the webhook shape (action, objectName, result at the top level).");
        }
        catch (JsonException error)
        {
            throw new UndeliverableMessageException(
                UndeliverableReason.InvalidJson,
                $"the body is not JSON near line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1} (a stray character, an unclosed string, " +
                "a missing comma or bracket, or text after the message). Send the message as one UTF-8 JSON document: {\"data\": {...}}.");
        }
    }

    /// <summary>
    /// The action a body states, found as <see cref="Read"/> finds it (<c>data.action</c>, or <c>action</c> at the top of
    /// a webhook-shaped body; names in any case), without checking the rest of the message: null where it states none or
    /// is no JSON object. For a publisher that must route a message the worker may go on to refuse.
    /// </summary>
    public static string? ActionOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body[ByteOrderMarkLength(body)..], ReaderOptions);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? ActionIn(ref reader, lookInData: true) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // RFC 8259 lets a reader ignore a byte order mark; the payload written is the JSON after it.
    private static int ByteOrderMarkLength(ReadOnlySpan<byte> body) => body.StartsWith("\uFEFF"u8) ? 3 : 0;

    // The action of the object the reader has just entered: its own, or its data object's, which comes first.
    private static string? ActionIn(ref Utf8JsonReader reader, bool lookInData)
    {
        string? own = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (lookInData && Matches(ref reader, "data"))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    return ActionIn(ref reader, lookInData: false);
                }
            }
            else if (own is null && Matches(ref reader, "action"))
            {
                reader.Read();
                own = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        return own;
    }

    private static void CheckUtf8(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new UndeliverableMessageException(UndeliverableReason.InvalidJson, "the body is empty. Send the message as UTF-8 JSON: {\"data\": {...}}.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            var valid = 0;
            while (System.Text.Rune.DecodeFromUtf8(body[valid..], out _, out var length) == System.Buffers.OperationStatus.Done)
            {
                valid += length;
            }

            throw new UndeliverableMessageException(
                UndeliverableReason.InvalidJson,
                $"the body is not UTF-8 text (byte {valid + 1} of {body.Length:N0}, 0x{body[valid]:X2}, starts no UTF-8 character). " +
                "JSON must be sent as UTF-8: encode the text (or binary values, e.g. as base64) before publishing.");
        }
    }

    private static ActionFields ReadFields(ReadOnlySpan<byte> json, string path)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        var fields = new FieldValues();
        using var seen = new FieldNames(path);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Matches(ref reader, "result"))
            {
                seen.Add(ref reader, "result");
                reader.Read();
                CheckRecords(ref reader, $"{path}.result");
                continue;
            }

            if (Matches(ref reader, "resultInfo"))
            {
                seen.Add(ref reader, "resultInfo");
                reader.Read();
                ReadResultInfo(ref reader, $"{path}.resultInfo", ref fields);
                continue;
            }

            ReadTextField(ref reader, path, seen, ref fields);
        }

        return fields.ToFields();
    }

    private static void ReadTextField(ref Utf8JsonReader reader, string path, FieldNames seen, ref FieldValues fields)
    {
        foreach (var name in (ReadOnlySpan<string>)["action", "projectId", "provider", "installationId", "objectName", "operationId", "operationTime"])
        {
            if (!Matches(ref reader, name))
            {
                continue;
            }

            seen.Add(ref reader, name);
            reader.Read();
            var value = Text(ref reader, path, name);
            _ = name switch
            {
                "action" => fields.Action = value,
                "projectId" => fields.ProjectId = value,
                "provider" => fields.Provider = value,
                "installationId" => fields.InstallationId = value,
                "objectName" => fields.ObjectName = value,
                "operationId" => fields.OperationId = value,
                _ => fields.OperationTime = value,
            };
            return;
        }

        // The contract's other text fields are checked for their type, as deserializing the contract would; their
        // text is kept nowhere, so it is decoded only where decoding can fail (an escape such as a lone surrogate).
        foreach (var name in (ReadOnlySpan<string>)["groupRef", "groupName", "consumerRef", "consumerName", "installationUpdateTime"])
        {
            if (Matches(ref reader, name))
            {
                seen.Add(ref reader, name);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                {
                    Text(ref reader, path, name);
                }

                return;
            }
        }

        reader.Read();
        reader.Skip();
    }

    private static void ReadResultInfo(ref Utf8JsonReader reader, string path, ref FieldValues fields)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        ExpectObject(ref reader, path, "resultInfo is an object such as {\"type\": \"inline\"}");
        using var seen = new FieldNames(path);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Matches(ref reader, "type"))
            {
                seen.Add(ref reader, "type");
                reader.Read();
                fields.ResultType = Text(ref reader, path, "type");
            }
            else if (Matches(ref reader, "downloadUrl"))
            {
                seen.Add(ref reader, "downloadUrl");
                reader.Read();
                fields.DownloadUrl = Text(ref reader, path, "downloadUrl");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    // Each record is an object whose event types, where given, are text; its fields, raw and rawEvent may be any JSON.
    private static void CheckRecords(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(path, ref reader, "send the records as a JSON list: \"result\": [{...}, ...]");
        }

        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType($"{path}[{index}]", ref reader, "each record is a JSON object such as {\"fields\": {...}}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isEventType = Matches(ref reader, "subscribeEventType") || Matches(ref reader, "providerEventType");
                var name = isEventType ? reader.GetString()! : null;
                reader.Read();
                if (isEventType)
                {
                    Text(ref reader, $"{path}[{index}]", name!);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static void ExpectObject(ref Utf8JsonReader reader, string path, string fix)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType(path, ref reader, fix);
        }
    }

    // The field's path is made only for the error: a message that is right costs no text but its values.
    private static string? Text(ref Utf8JsonReader reader, string path, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType($"{path}.{name}", ref reader, "send ids, names, times and event types as JSON strings"),
    };

    /// <summary>Whether the property name the reader is on is <paramref name="name"/>, ignoring case, as the contract's names are matched.</summary>
    internal static bool Matches(ref Utf8JsonReader reader, string name) =>
        reader.ValueIsEscaped
            ? string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase)
            : Ascii.EqualsIgnoreCase(reader.ValueSpan, name);

    private static UndeliverableMessageException WrongType(string path, ref Utf8JsonReader reader, string fix) =>
        WrongType(path, reader.TokenType, fix);

    private static UndeliverableMessageException WrongType(string path, JsonTokenType token, string fix)
    {
        var kind = token switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "a list",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            _ => "null",
        };
        return new UndeliverableMessageException(UndeliverableReason.WrongType, $"{Excerpt.Quote(path)} is {kind}; {fix}.");
    }

    /// <summary>The fields as they are read, one at a time: the record is made once, when all are known.</summary>
    private struct FieldValues
    {
        public string? Action;
        public string? ProjectId;
        public string? Provider;
        public string? InstallationId;
        public string? ObjectName;
        public string? OperationId;
        public string? OperationTime;
        public string? ResultType;
        public string? DownloadUrl;

        public readonly ActionFields ToFields() => new()
        {
            Action = Action, ProjectId = ProjectId, Provider = Provider, InstallationId = InstallationId, ObjectName = ObjectName,
            OperationId = OperationId, OperationTime = OperationTime, ResultType = ResultType, DownloadUrl = DownloadUrl,
        };
    }

    /// <summary>The names an object has given, to refuse one given twice (ignoring case) as ambiguous.</summary>
    private sealed class FieldNames(string path) : IDisposable
    {
        // An object gives a few of the names read, mostly spelled as the contract spells them (such a spelling is not
        // copied); they are kept in a pooled array, since every message reads three objects.
        private (string Name, string Spelled)[] given = ArrayPool<(string, string)>.Shared.Rent(16);
        private int count;

        public void Add(ref Utf8JsonReader reader, string name)
        {
            var spelled = !reader.ValueIsEscaped && Ascii.Equals(reader.ValueSpan, name) ? name : reader.GetString()!;
            foreach (var (known, first) in given.AsSpan(0, count))
            {
                if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new UndeliverableMessageException(
                        UndeliverableReason.AmbiguousMessage,
                        $"{Excerpt.Quote(path)} gives '{name}' twice ('{first}' and '{spelled}'), so the worker cannot tell which is meant: send it once.");
                }
            }

            if (count == given.Length)
            {
                var larger = ArrayPool<(string, string)>.Shared.Rent(count * 2);
                given.AsSpan(0, count).CopyTo(larger);
                ArrayPool<(string, string)>.Shared.Return(given, clearArray: true);
                given = larger;
            }

            given[count++] = (name, spelled);
        }

        public void Dispose() => ArrayPool<(string, string)>.Shared.Return(given, clearArray: true);
    }

    /// <summary>The body's top level: checked to be one JSON document nested at most <see cref="MaxDepth"/> deep.</summary>
    private readonly record struct TopLevel(Range Root, Range? Data, string? Destination, bool HasWebhookField)
    {
        public static TopLevel Scan(ReadOnlySpan<byte> body)
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            reader.Read();
            var rootStart = (int)reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = reader.TokenType;
                SkipChecked(ref reader);
                reader.Read();
                throw WrongType("$", kind, "send the message as a JSON object: {\"data\": {...}}");
            }

            using var seen = new FieldNames("The body");
            Range? data = null;
            string? destination = null;
            var hasWebhookField = false;

            // A field of the wrong type is reported once the whole body is known to be JSON, so that broken JSON is called that.
            UndeliverableMessageException? wrongType = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (Matches(ref reader, "data"))
                {
                    seen.Add(ref reader, "data");
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    wrongType ??= reader.TokenType == JsonTokenType.StartObject
                        ? null
                        : WrongType("$.data", ref reader, "send the payload as a JSON object: {\"data\": {...}}");
                    SkipChecked(ref reader);
                    data = start..(int)reader.BytesConsumed;
                    continue;
                }

                if (Matches(ref reader, "destination"))
                {
                    seen.Add(ref reader, "destination");
                    reader.Read();
                    wrongType ??= reader.TokenType is JsonTokenType.String or JsonTokenType.Null
                        ? null
                        : WrongType("$.destination", ref reader, "send the destination's name as a JSON string");
                    destination = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    SkipChecked(ref reader);
                    continue;
                }

                foreach (var name in WebhookFields)
                {
                    hasWebhookField |= Matches(ref reader, name);
                }

                reader.Read();
                SkipChecked(ref reader);
            }

            var root = rootStart..(int)reader.BytesConsumed;

            // Anything but whitespace after the message's closing brace makes the reader throw here.
            reader.Read();
            return wrongType is null ? new TopLevel(root, data, destination, hasWebhookField) : throw wrongType;
        }

        // Skips a value, refusing one nested deeper than MaxDepth with a reason of its own.
        private static void SkipChecked(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return;
            }

            var depth = reader.CurrentDepth;
            while (reader.Read() && reader.CurrentDepth > depth)
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                {
                    throw new UndeliverableMessageException(
                        UndeliverableReason.InvalidJson,
                        $"the body nests objects and lists more than {MaxDepth} levels deep (at byte {reader.TokenStartIndex + 1:N0}), more than the worker reads. Flatten the payload.");
                }
            }
        }
    }
}
