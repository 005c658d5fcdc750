using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Core.Destinations;

namespace S3Consumer.Core.Tests.Batches;

public sealed class BatchOptionsTests
{
    [Fact]
    public void Batches_are_off_by_default_with_the_documented_limits()
    {
        var batch = Examples.Lake().Resolve("lake").Options.Batch;

        Assert.Equal((0, 64L * 1024 * 1024, TimeSpan.FromMinutes(1), "gzip", false, null, 100),
            (batch.MaxMessages, batch.MaxBytes, batch.MaxWait, batch.Compression, batch.Enabled, batch.PartitionBy, batch.MaxOpenPartitions));
    }

    [Fact]
    public void Binds_every_batch_key()
    {
        var batch = Batched.Lake(
                ("Batch:MaxMessages", "500"), ("Batch:MaxBytes", "1048576"), ("Batch:MaxWait", "00:00:05"), ("Batch:Compression", "ZSTD"),
                ("Batch:PartitionBy", "metadata.objectName"), ("Batch:MaxOpenPartitions", "12"))
            .Options.Batch;

        Assert.Equal((500, 1048576L, TimeSpan.FromSeconds(5), "ZSTD", true, "metadata.objectName", 12),
            (batch.MaxMessages, batch.MaxBytes, batch.MaxWait, batch.Compression, batch.Enabled, batch.PartitionBy, batch.MaxOpenPartitions));
    }

    [Theory]
    [InlineData("MaxMessages", "-1", "Batch:MaxMessages is -1; it must be between 0 and 2147483647 (0 writes one object per message; above 0, the messages per object).")]
    [InlineData("MaxBytes", "1023", "Batch:MaxBytes is 1023; it must be between 1024 and 5368709120 (1 KiB to 5 GiB, S3's largest PUT).")]
    [InlineData("MaxBytes", "5368709121", "Batch:MaxBytes is 5368709121; it must be between 1024 and 5368709120 (1 KiB to 5 GiB, S3's largest PUT).")]
    [InlineData("MaxWait", "00:00:00.500", "Batch:MaxWait is 00:00:00.5000000; it must be between 00:00:01 and 00:15:00 (hh:mm:ss, a bare number counts days; RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default).")]
    [InlineData("MaxWait", "60", "Batch:MaxWait is 60.00:00:00; it must be between 00:00:01 and 00:15:00 (hh:mm:ss, a bare number counts days; RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default).")]
    [InlineData("MaxWait", "00:15:01", "Batch:MaxWait is 00:15:01; it must be between 00:00:01 and 00:15:00 (hh:mm:ss, a bare number counts days; RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default).")]
    [InlineData("Compression", "lz4", "Batch:Compression 'lz4' is unknown; use one of none, gzip, zstd.")]
    [InlineData("Compression", "1", "Batch:Compression '1' is unknown; use one of none, gzip, zstd.")]
    [InlineData("MaxOpenPartitions", "0", "Batch:MaxOpenPartitions is 0; it must be between 1 and 10000 (batches open at once, one per partition, each in memory).")]
    [InlineData("MaxOpenPartitions", "10001", "Batch:MaxOpenPartitions is 10001; it must be between 1 and 10000 (batches open at once, one per partition, each in memory).")]
    [InlineData("PartitionBy", "join('/', [", "Batch:PartitionBy join('/', [ does not parse: ")]
    [InlineData("PartitionBy", "join('/', [metadata.objectName, batch.id])", "Batch:PartitionBy join('/', [metadata.objectName, batch.id]) reads batch, which is made of the partitions: read the message's metadata, time and data.")]
    public void A_bad_value_stops_the_start_with_one_line_naming_it(string key, string value, string says)
    {
        using var services = Examples.Services(
            [("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), .. key == "MaxMessages" ? [] : new[] { ("Destinations:lake:Batch:MaxMessages", "10") },
             ($"Destinations:lake:Batch:{key}", value)]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.StartsWith($"Destination 'lake': {says}", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_for_a_destination_that_writes_one_object_per_message_does_not_start()
    {
        using var services = Examples.Services(("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), ("Destinations:lake:Batch:PartitionBy", "metadata.objectName"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.Equal(
            ["Destination 'lake': Batch:PartitionBy partitions batches, but this destination writes one object per message: set Batch:MaxMessages above 0, or leave Batch:PartitionBy out."],
            error.Failures);
    }

    [Theory]
    [InlineData("batch.first_event_id")]
    [InlineData("join('/', [batch.time.date, batch.first_event_id])")]
    public void A_batched_destination_whose_key_template_leaves_out_batch_id_does_not_start(string template)
    {
        using var services = Examples.Services(
            ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), ("Destinations:lake:Batch:MaxMessages", "10"),
            ("Destinations:lake:ObjectKeyTemplate", template));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.Equal(
            [$"Destination 'lake': ObjectKeyTemplate {template} does not use batch.id, so two batch objects could get the same key; " +
             "use it, e.g. join('', [batch.time.rfc3339_nano, '_', batch.id, '.ndjson.gz']), or leave ObjectKeyTemplate out for that default."],
            error.Failures);
    }

    [Theory]
    [InlineData("1024", "00:00:01")]
    [InlineData("5368709120", "00:15:00")]
    public void The_limits_themselves_are_accepted(string maxBytes, string maxWait) =>
        Assert.Equal(maxBytes, Batched.Lake(("Batch:MaxBytes", maxBytes), ("Batch:MaxWait", maxWait)).Options.Batch.MaxBytes
            .ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(
        "join('/', [metadata.objectName, time.date, metadata.\"event-id\"])",
        "metadata.objectName, time.date and metadata.\"event-id\"",
        "to keep this layout, set Batch:PartitionBy to join('/', [metadata.objectName, time.date]) and ObjectKeyTemplate to join('', [batch.partition, '/', batch.id, '.ndjson.gz']).")]
    [InlineData(
        "join('', [time.rfc3339_nano, '_', metadata.\"event-id\", '.json'])",
        "time.rfc3339_nano and metadata.\"event-id\"",
        "to keep this layout, set ObjectKeyTemplate to join('', [batch.time.rfc3339_nano, '_', batch.id, '.ndjson.gz']) (the default: leave ObjectKeyTemplate out).")]
    [InlineData(
        "join('/', ['exports', data.installationId, time.year, time.month, join('', [batch.id, '.ndjson.gz'])])",
        "data.installationId, time.year and time.month",
        "to keep this layout, set Batch:PartitionBy to join('/', ['exports', data.installationId, time.year, time.month]) and ObjectKeyTemplate to join('', [batch.partition, '/', join('', [batch.id, '.ndjson.gz'])]).")]
    [InlineData(
        "join('/', [metadata.\"event-id\", metadata.objectName])",
        "metadata.\"event-id\" and metadata.objectName",
        "e.g. set Batch:PartitionBy to metadata.objectName and ObjectKeyTemplate to join('', [batch.partition, '/', batch.time.rfc3339_nano, '_', batch.id, '.ndjson.gz']) (the default: leave ObjectKeyTemplate out).")]
    [InlineData(
        "metadata.objectName || batch.id",
        "metadata.objectName",
        "e.g. set Batch:PartitionBy to metadata.objectName and ObjectKeyTemplate to join('', [batch.partition, '/', batch.time.rfc3339_nano, '_', batch.id, '.ndjson.gz']) (the default: leave ObjectKeyTemplate out).")]
    public void A_batched_template_that_reads_a_messages_fields_does_not_start_and_the_line_says_what_keeps_its_layout(string template, string reads, string suggestion)
    {
        using var services = Examples.Services(
            ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), ("Destinations:lake:Batch:MaxMessages", "10"),
            ("Destinations:lake:ObjectKeyTemplate", template));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.Equal(
            [$"Destination 'lake': ObjectKeyTemplate {template} reads {reads} of each message, but a batch holds many messages and its key may read only " +
             "what they share, batch (partition, time, count, id, first_event_id, last_event_id): move the fields that place a batch into Batch:PartitionBy, " +
             $"which keeps one batch open per value, and read them as batch.partition; {suggestion}"],
            error.Failures);
    }

    [Fact]
    public void A_parquet_destinations_suggested_key_ends_as_its_objects_do()
    {
        using var services = Examples.Services(
            ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), ("Destinations:lake:Batch:MaxMessages", "10"),
            ("Destinations:lake:Format", "parquet"), ("Destinations:lake:ObjectKeyTemplate", "join('/', [metadata.objectName, time.date, metadata.\"event-id\"])"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.EndsWith(
            "set Batch:PartitionBy to join('/', [metadata.objectName, time.date]) and ObjectKeyTemplate to join('', [batch.partition, '/', batch.id, '.parquet']).",
            Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_suggested_partition_and_template_start_and_name_each_batch_as_the_one_object_template_named_its_first_message()
    {
        var lake = Batched.Lake(("Batch:PartitionBy", "join('/', [metadata.objectName, time.date])"), ("ObjectKeyTemplate", "join('', [batch.partition, '/', batch.id, '.ndjson.gz'])"));

        var batch = Batched.Close(lake, Batched.Message(1), Batched.Message(2));
        using var written = batch.Write();

        Assert.Equal($"contacts/2025-10-14/{batch.Id}.ndjson.gz", written.Key);
    }

    [Fact]
    public void A_batched_template_that_reads_batch_time_is_not_taken_for_one_that_reads_a_messages_time() =>
        Assert.Equal("join('/', [batch.time.date, batch.id])", Batched.Lake(("ObjectKeyTemplate", "join('/', [batch.time.date, batch.id])")).KeyTemplate.Text);

    [Fact]
    public void A_batched_template_that_reads_batch_partition_needs_Batch_PartitionBy()
    {
        using var services = Examples.Services(
            ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), ("Destinations:lake:Batch:MaxMessages", "10"),
            ("Destinations:lake:ObjectKeyTemplate", "join('/', [batch.partition, batch.id])"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.StartsWith("Destination 'lake': ObjectKeyTemplate join('/', [batch.partition, batch.id]) reads batch.partition, but Batch:PartitionBy is not set",
            Assert.Single(error.Failures), StringComparison.Ordinal);
    }
}
