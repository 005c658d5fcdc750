namespace S3Consumer.Core.Destinations;

/// <summary>
/// What a one-object destination's key template may get wrong with messages as Ampersand sends them, found from the
/// fields it reads: said once per destination at start (and by <c>s3consumer check</c> and <c>render</c>).
/// </summary>
public static class TemplateWarning
{
    public const string Example = "join('/', [metadata.objectName, time.date, metadata.\"event-id\"])";

    /// <summary>
    /// What may go wrong and what to change, as one sentence to follow the template's text ("does not read ...");
    /// null when nothing does.
    /// </summary>
    public static string? Of(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);

        // A batched destination's keys are told apart by batch.id, which its template must use.
        if (destination.Options.Batch.Enabled)
        {
            return null;
        }

        var template = destination.KeyTemplate;
        var problems = new List<string>();
        if (!template.Reads("metadata", "event-id"))
        {
            problems.Add("does not read metadata.\"event-id\", so two messages may get one key and the later replace the earlier " +
                         "(with Overwrite false, be taken for it): the messages of one read share an operationId, as a large read arrives as several messages");
        }

        if (template.Reads("metadata", "operationId"))
        {
            problems.Add("reads metadata.operationId, which subscribe messages do not carry, so every subscribe message it gets goes to the error queue");
        }

        return problems.Count == 0
            ? null
            : $"{string.Join("; and it ", problems)}. Use metadata.\"event-id\" in it, e.g. {Example}.";
    }
}
