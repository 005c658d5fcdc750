namespace S3Consumer.Core.Rows;

/// <summary>
/// The row columns, in their pinned order, the same for <c>records</c> and <c>parquet</c>: the message's columns
/// (every row of a message repeats them), then the record's. A value that is absent (or JSON <c>null</c>) is null.
/// </summary>
public static class RowColumns
{
    /// <summary>How many of <see cref="All"/> come from the message rather than the record (the first ones).</summary>
    public const int MessageCount = 19;

    public static IReadOnlyList<RowColumn> All { get; } =
    [
        new("event_id", RowColumnKind.Text, "metadata.\"event-id\""),
        new("event_time", RowColumnKind.Time, "the event time, as the key's time"),
        new("action", RowColumnKind.Text, "data.action"),
        new("project_id", RowColumnKind.Text, "metadata.projectId"),
        new("provider", RowColumnKind.Text, "data.provider"),
        new("group_ref", RowColumnKind.Text, "data.groupRef"),
        new("group_name", RowColumnKind.Text, "data.groupName"),
        new("consumer_ref", RowColumnKind.Text, "data.consumerRef"),
        new("consumer_name", RowColumnKind.Text, "data.consumerName"),
        new("installation_id", RowColumnKind.Text, "metadata.installationId"),
        new("installation_update_time", RowColumnKind.Text, "data.installationUpdateTime, as sent"),
        new("object_name", RowColumnKind.Text, "metadata.objectName"),
        new("raw_object_name", RowColumnKind.Text, "data.rawObjectName"),
        new("operation_id", RowColumnKind.Text, "metadata.operationId"),
        new("operation_time", RowColumnKind.Text, "data.operationTime, as sent"),
        new("read_type", RowColumnKind.Text, "data.readType"),
        new("connection_id", RowColumnKind.Text, "metadata.connectionId"),
        new("destination_id", RowColumnKind.Text, "metadata.destinationId"),
        new("topic", RowColumnKind.Text, "metadata.topic"),
        new("record_index", RowColumnKind.Index, "the record's position in result, from 0"),
        new("record_id", RowColumnKind.Text, "the record's fields.id, else its id"),
        new("subscribe_event_type", RowColumnKind.Text, "the record's subscribeEventType"),
        new("provider_event_type", RowColumnKind.Text, "the record's providerEventType"),
        new("fields", RowColumnKind.Json, "the record's fields"),
        new("mapped_fields", RowColumnKind.Json, "the record's mappedFields"),
        new("associations", RowColumnKind.Json, "the record's associations"),
        new("raw", RowColumnKind.Json, "the record's raw"),
        new("raw_event", RowColumnKind.Json, "the record's rawEvent"),
        new("fields_updated", RowColumnKind.Json, "the record's fieldsUpdated"),
    ];
}
