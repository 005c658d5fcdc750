using System.Text;

namespace S3Consumer.Worker.Tests.Rows;

/// <summary>
/// A run of read and subscribe messages for one destination, all of one project (the run's id, so that a table shared
/// by several runs can be filtered), with the rows each must become: reads with 0 to 3 inline records (wrapped as the
/// source document shows), reads whose records are fetched from a <c>url</c> result, and subscribe events (Ampersand's
/// webhook shape) that update, create or delete a record, a delete carrying only the record's <c>id</c>. Their event
/// times fall on two days.
/// </summary>
internal sealed class RowMessages
{
    private readonly List<(string Queue, string EventId, string Body)> messages = [];

    private RowMessages(string project) => Project = project;

    public string Project { get; }

    /// <summary>The rows the messages must become, one per record.</summary>
    public List<ExpectedRow> Rows { get; } = [];

    /// <summary>How many of the messages have no records.</summary>
    public int WithoutRecords { get; private set; }

    public int Count => messages.Count;

    /// <param name="reads">Reads with inline records; every fourth has none.</param>
    /// <param name="urlReads">Reads whose records are at <paramref name="results"/>'s <c>/records/{count}/{number}</c>.</param>
    /// <param name="subscribes">Subscribe events, each of one record.</param>
    public static RowMessages Create(string readQueue, string subscribeQueue, int reads, int urlReads, int subscribes, Func<string, string> results)
    {
        var run = new RowMessages($"p-{Guid.NewGuid():N}");
        for (var number = 0; number < reads; number++)
        {
            var count = number % 4;
            run.WithoutRecords += count == 0 ? 1 : 0;
            run.Add(readQueue, number, "read", Read(run.Project, number, "inline", "", Records(number, count)), ReadTime(number), RecordIds(number, count));
        }

        for (var number = reads; number < reads + urlReads; number++)
        {
            var count = 2 + (number % 3);
            run.Add(readQueue, number, "read", Read(run.Project, number, "url", results($"/records/{count}/{number}"), "[]"), ReadTime(number), RecordIds(number, count));
        }

        for (var number = reads + urlReads; number < reads + urlReads + subscribes; number++)
        {
            // Seven contacts, each changed several times.
            var type = (number % 3) switch { 0 => "delete", 1 => "create", _ => "update" };
            var contact = $"c-{number % 7}";
            var record = type == "delete"
                ? $$"""{"subscribeEventType":"delete","providerEventType":"contact.deletion","id":"{{contact}}"}"""
                : $$"""{"subscribeEventType":"{{type}}","providerEventType":"contact.{{type}}","fields":{"id":"{{contact}}","email":"n{{number}}@example.com"},"fieldsUpdated":["email"]}""";
            var time = $"{Day(number)}T10:{number / 60:D2}:{number % 60:D2}.5Z";
            var body = $$"""{"action":"subscribe","projectId":"{{run.Project}}","provider":"hubspot","installationId":"i-1","objectName":"contacts","operationTime":"{{time}}","result":[{{record}}]}""";
            run.Add(subscribeQueue, number, "subscribe", body, time, [contact], type);
        }

        return run;
    }

    /// <summary>The records <c>/records/{count}/{number}</c> answers, and a read's inline records.</summary>
    public static string Records(int number, int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(index =>
            $$$"""{"fields":{"id":"{{{RecordId(number, index)}}}","firstname":"Name\n{{{index}}}","score":{{{index}}}.5,"tags":["a","b"]},"mappedFields":{"name":"Name {{{index}}}"},"raw":{"id":"{{{RecordId(number, index)}}}","big":1e400}}"""))
        + "]";

    public static string RecordId(int number, int index) => $"r-{number:D4}-{index}";

    public static string EventId(string project, int number) => $"{project}-{number:D4}";

    /// <summary>Publishes the messages, or <paramref name="take"/> of them from <paramref name="skip"/>, in order.</summary>
    public async Task PublishAsync(Broker broker, string destination, int skip = 0, int take = int.MaxValue)
    {
        foreach (var (queue, eventId, body) in messages.Skip(skip).Take(take))
        {
            await broker.PublishRawAsync(queue, Encoding.UTF8.GetBytes(body),
                new Dictionary<string, string> { ["destination"] = destination, ["event-id"] = eventId }, messageId: eventId);
        }
    }

    private static string Day(int number) => number % 2 == 0 ? "2025-10-14" : "2025-10-15";

    private static string ReadTime(int number) => $"{Day(number)}T02:58:59.323405308Z";

    private static string[] RecordIds(int number, int count) => [.. Enumerable.Range(0, count).Select(index => RecordId(number, index))];

    private static string Read(string project, int number, string type, string url, string records) =>
        $$$"""{"data":{"action":"read","projectId":"{{{project}}}","provider":"hubspot","installationId":"i-1","objectName":"contacts","operationId":"op-{{{number}}}","operationTime":"{{{ReadTime(number)}}}","resultInfo":{"type":"{{{type}}}","downloadUrl":"{{{url}}}"},"result":{{{records}}}}}""";

    private void Add(string queue, int number, string action, string body, string time, string[] recordIds, string? eventType = null)
    {
        var eventId = EventId(Project, number);
        messages.Add((queue, eventId, body));
        Rows.AddRange(recordIds.Select((recordId, index) => new ExpectedRow(eventId, index, recordId, action, eventType, time)));
    }
}

/// <summary>One row a message must become; <paramref name="Time"/> its event time as sent (UTC, in one form per action, so that it sorts as text).</summary>
internal sealed record ExpectedRow(string EventId, int RecordIndex, string RecordId, string Action, string? EventType, string Time);
