using System.Text;
using System.Text.Json;
using CsCheck;
using S3Consumer.Core.Batches;
using S3Consumer.Core.Rows;
using S3Consumer.Testing;
using static S3Consumer.Testing.JsonValues;

namespace S3Consumer.Core.Tests.Rows;

/// <summary>For any read and subscribe messages, the rows are the records, each with its message's columns, in NDJSON and in Parquet.</summary>
public sealed class RowsProperties : IDisposable
{
    private const string OperationTime = "2025-10-14T02:58:59.323405308Z";

    // The members a message may give that become its columns, with the column each fills.
    private static readonly (string Name, string Column)[] MessageMembers =
    [
        ("projectId", "project_id"), ("provider", "provider"), ("groupRef", "group_ref"), ("groupName", "group_name"),
        ("consumerRef", "consumer_ref"), ("consumerName", "consumer_name"), ("installationId", "installation_id"),
        ("installationUpdateTime", "installation_update_time"), ("objectName", "object_name"), ("operationId", "operation_id"),
        ("rawObjectName", "raw_object_name"), ("readType", "read_type"),
    ];

    // The record members that become JSON columns.
    private static readonly (string Name, string Column)[] JsonMembers =
    [
        ("fields", "fields"), ("mappedFields", "mapped_fields"), ("associations", "associations"), ("raw", "raw"),
        ("rawEvent", "raw_event"), ("fieldsUpdated", "fields_updated"),
    ];

    private static readonly Gen<string> Nullable = Gen.Frequency((5, JsonString), (1, Gen.Const("null")));

    // A name as a publisher may spell it: the worker matches the contract's names ignoring case.
    private static readonly Func<string, Gen<string>> Spelled = name => Gen.OneOf(Gen.Const(name), Gen.Const(name.ToUpperInvariant()), Gen.Const(name.ToLowerInvariant()));

    // JSON as publishers lay it out: on one line, or pretty-printed with line breaks between tokens.
    private static readonly Gen<string> Pretty = Gen.Select(JsonString, Value).Array[0, 3]
        .Select(Space, (members, space) => "{" + space + string.Join("," + space, members.Select(member => $"{member.Item1}{space}:{space}{member.Item2}")) + space + "}");

    private static readonly Gen<string> AnyJson = Gen.Frequency((4, Value), (2, Pretty), (1, Gen.Const("null")));

    private static readonly Gen<GeneratedRecord> Record =
        from fields in Gen.Frequency((3, FieldsWithId), (1, AnyJson.Select(json => (json, (string?)null))), (1, Gen.Const(((string, string?))("", null))))
        from others in Gen.Select(AnyJson, Gen.Bool).Array[JsonMembers.Length - 1]
        from eventTypes in Gen.Select(Nullable, Gen.Bool).Array[2]
        from ownId in Gen.Select(Gen.Frequency((3, JsonString), (2, Number), (1, Gen.Const("null"))), Gen.Bool, Spelled("id"))
        from names in Gen.Select(Spelled("fields"), Spelled("subscribeEventType"), Spelled("rawEvent"))
        from extra in Value
        from space in Space
        from order in Gen.Int.Array[12]
        select GeneratedRecord.Build(fields, others, eventTypes, ownId, names, extra, space, order);

    // A fields object with an id somewhere among its members (as a string, a number or null), or none.
    private static Gen<(string Json, string? Id)> FieldsWithId =>
        from members in Gen.Select(JsonString, Value).Array[0, 3]
        from id in Gen.Frequency((3, JsonString), (2, Number), (1, Gen.Const("null")), (1, Gen.Const("")))
        from at in Gen.Int[0, 3]
        select WithId(members, id, at);

    private static readonly Gen<GeneratedMessage> Message =
        from subscribe in Gen.Bool
        from webhook in Gen.Bool
        from values in Gen.Select(Nullable, Gen.Bool).Array[MessageMembers.Length]
        from numbers in Gen.Select(Number, Number)
        from records in Record.List[0, 4]
        from resultNull in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
        from space in Space
        select GeneratedMessage.Build(subscribe, webhook, values, numbers, records, resultNull, space);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("s3consumer-rows-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void The_NDJSON_rows_are_the_records_each_with_its_messages_columns()
    {
        Message.List[1, 4].Sample(messages =>
        {
            var rows = messages.Select((message, number) => Rowed.Of(message.Body, message.Action, $"event-{number}")).ToList();
            Assert.Equal(messages.Sum(message => message.Records.Count), rows.Sum(message => message.Count));

            var lines = Rowed.Lines(Rowed.Ndjson(rows));

            Assert.Equal(Expected(messages).Select(row => row.Ndjson()), lines.Select(Actual));
        }, iter: 200);
    }

    [Fact]
    public void The_Parquet_rows_read_by_DuckDB_are_the_records_each_with_its_messages_columns()
    {
        Message.List[1, 4].Sample(messages =>
        {
            // Samples run on several threads at once: each writes a file of its own.
            var path = Path.Combine(directory.FullName, $"{Guid.NewGuid():N}.parquet");
            var rows = messages.Select((message, number) => Rowed.Of(message.Body, message.Action, $"event-{number}")).ToList();
            Rowed.WriteParquetAsync(path, BatchCompression.Zstd, rows).GetAwaiter().GetResult();

            var read = DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(path)})");

            Assert.Equal(
                Expected(messages).Select(row => row.Parquet()),
                read.Select(values => string.Join("\n", values.Select((value, column) => $"{RowColumns.All[column].Name}={Show(value)}"))));
        }, iter: 40);
    }

    private static IEnumerable<ExpectedRow> Expected(IReadOnlyList<GeneratedMessage> messages) =>
        messages.SelectMany((message, number) => message.Records.Select((record, index) => new ExpectedRow(message, $"event-{number}", index, record)));

    // The NDJSON line as column=value lines: text as its value, JSON as the text written.
    private static string Actual(string line)
    {
        var row = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 1024 }).RootElement;
        return string.Join("\n", row.EnumerateObject().Select(property => $"{property.Name}={property.Value.ValueKind switch
        {
            JsonValueKind.Null => "(null)",
            JsonValueKind.String when RowColumns.All.Single(column => column.Name == property.Name).Kind != RowColumnKind.Json => property.Value.GetString(),
            _ => property.Value.GetRawText(),
        }}"));
    }

    private static string Show(object? value) => value switch
    {
        null => "(null)",
        DateTime time => new DateTimeOffset(time, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static (string Json, string? Id) WithId((string, string)[] members, string id, int at)
    {
        var all = members.Select(member => $"{member.Item1}:{member.Item2}").ToList();
        if (id.Length > 0)
        {
            all.Insert(Math.Min(at, all.Count), $"\"id\":{id}");
        }

        // The first member named id that is not null, as text (a member generated with another name may decode to "id" too).
        var first = members.Select(member => (Key: JsonSerializer.Deserialize<string>(member.Item1), Value: member.Item2)).ToList();
        if (id.Length > 0)
        {
            first.Insert(Math.Min(at, first.Count), ("id", id));
        }

        var found = first.FirstOrDefault(member => member.Key == "id" && member.Value != "null").Value;
        return ("{" + string.Join(",", all) + "}", found is null ? null : TextOf(found));
    }

    /// <summary>A text column's value for a token: a string's value, anything else's JSON text.</summary>
    private static string? TextOf(string token) => token switch
    {
        "null" => null,
        _ when token.StartsWith('"') => JsonSerializer.Deserialize<string>(token),
        _ => token,
    };

    /// <summary>One generated record: its JSON, and the value each record column must hold.</summary>
    private sealed record GeneratedRecord(string Json, Dictionary<string, string?> TextColumns, Dictionary<string, string?> JsonColumns)
    {
        public static GeneratedRecord Build(
            (string Json, string? Id) fields, (string, bool)[] others, (string, bool)[] eventTypes, (string, bool, string) ownId,
            (string Fields, string SubscribeEventType, string RawEvent) names, string extra, string space, int[] order)
        {
            var members = new List<string>();
            var json = new Dictionary<string, string?>();
            var text = new Dictionary<string, string?>();
            if (fields.Json.Length > 0)
            {
                members.Add($"\"{names.Fields}\"{space}:{space}{fields.Json}");
            }

            json["fields"] = fields.Json is "" or "null" ? null : fields.Json;
            for (var other = 1; other < JsonMembers.Length; other++)
            {
                var (value, given) = others[other - 1];
                var name = JsonMembers[other].Name == "rawEvent" ? names.RawEvent : JsonMembers[other].Name;
                if (given)
                {
                    members.Add($"\"{name}\":{space}{value}");
                }

                json[JsonMembers[other].Column] = given && value != "null" ? value : null;
            }

            (string Name, string Column)[] types = [(names.SubscribeEventType, "subscribe_event_type"), ("providerEventType", "provider_event_type")];
            for (var type = 0; type < types.Length; type++)
            {
                var (value, given) = eventTypes[type];
                if (given)
                {
                    members.Add($"\"{types[type].Name}\":{value}");
                }

                text[types[type].Column] = given ? TextOf(value) : null;
            }

            var (id, idGiven, idName) = ownId;
            if (idGiven)
            {
                members.Add($"\"{idName}\":{id}");
            }

            text["record_id"] = fields.Id ?? (idGiven ? TextOf(id) : null);
            members.Add($"\"x-extra\":{extra}");
            var shuffled = members.Select((member, index) => (member, key: order[index % order.Length])).OrderBy(pair => pair.key).Select(pair => pair.member);
            return new GeneratedRecord("{" + space + string.Join("," + space, shuffled) + space + "}", text, json);
        }
    }

    /// <summary>One generated message: its body, action, and the values of the message columns it gives.</summary>
    private sealed record GeneratedMessage(string Body, string Action, Dictionary<string, string?> Columns, List<GeneratedRecord> Records)
    {
        public static GeneratedMessage Build(
            bool subscribe, bool webhook, (string, bool)[] values, (string, string) numbers, List<GeneratedRecord> records, bool resultNull, string space)
        {
            var action = subscribe ? "subscribe" : "read";
            var members = new List<string> { $"\"action\":\"{action}\"", $"\"operationTime\":\"{OperationTime}\"" };
            var columns = new Dictionary<string, string?>();
            for (var member = 0; member < MessageMembers.Length; member++)
            {
                var (name, column) = MessageMembers[member];
                var (value, given) = values[member];

                // rawObjectName and readType are taken as text whatever they are, numbers too.
                value = name switch { "rawObjectName" => numbers.Item1, "readType" => numbers.Item2, _ => value };
                if (given)
                {
                    members.Add($"\"{name}\":{space}{value}");
                }

                columns[column] = given ? TextOf(value) : null;
            }

            members.Add(resultNull && records.Count == 0 ? "\"result\":null" : $"\"result\":{space}[{space}{string.Join("," + space, records.Select(record => record.Json))}{space}]");
            var payload = "{" + string.Join("," + space, members) + "}";
            return new GeneratedMessage(webhook ? payload : $"{{\"data\":{space}{payload}}}", action, columns, records);
        }
    }

    /// <summary>A row as it must be written, as column=value lines.</summary>
    private sealed record ExpectedRow(GeneratedMessage Message, string EventId, int Index, GeneratedRecord Record)
    {
        public string Ndjson() => Lines(json => json.Replace('\r', ' ').Replace('\n', ' '), OperationTime);

        public string Parquet() => Lines(json => json, "2025-10-14T02:58:59.323405Z");

        private string Lines(Func<string, string> json, string time)
        {
            var values = new Dictionary<string, string?>(Message.Columns)
            {
                ["event_id"] = EventId, ["event_time"] = time, ["action"] = Message.Action, ["operation_time"] = OperationTime, ["connection_id"] = null, ["destination_id"] = "lake",
                ["topic"] = $"s3consumer-{Message.Action}", ["record_index"] = Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            // These come from the message's metadata, where an empty text is no value (a header may give one instead).
            foreach (var column in (string[])["project_id", "installation_id", "object_name", "operation_id"])
            {
                values[column] = values[column] is "" ? null : values[column];
            }

            foreach (var (column, value) in Record.TextColumns)
            {
                values[column] = value;
            }

            foreach (var (column, value) in Record.JsonColumns)
            {
                values[column] = value is null ? null : json(value);
            }

            var builder = new StringBuilder();
            foreach (var column in RowColumns.All)
            {
                builder.Append(builder.Length == 0 ? "" : "\n").Append(column.Name).Append('=').Append(values[column.Name] ?? "(null)");
            }

            return builder.ToString();
        }
    }
}
