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

        Assert.Equal((0, 64L * 1024 * 1024, TimeSpan.FromMinutes(1), "gzip", false),
            (batch.MaxMessages, batch.MaxBytes, batch.MaxWait, batch.Compression, batch.Enabled));
    }

    [Fact]
    public void Binds_every_batch_key()
    {
        var batch = Batched.Lake(("Batch:MaxMessages", "500"), ("Batch:MaxBytes", "1048576"), ("Batch:MaxWait", "00:00:05"), ("Batch:Compression", "ZSTD"))
            .Options.Batch;

        Assert.Equal((500, 1048576L, TimeSpan.FromSeconds(5), "ZSTD", true),
            (batch.MaxMessages, batch.MaxBytes, batch.MaxWait, batch.Compression, batch.Enabled));
    }

    [Theory]
    [InlineData("MaxMessages", "-1", "Batch:MaxMessages -1 is negative; set 0 for one object per message, or the messages per object.")]
    [InlineData("MaxBytes", "1023", "Batch:MaxBytes 1023 is out of range; set from 1024 (1 KiB) to 5368709120 (5 GiB, S3's largest PUT).")]
    [InlineData("MaxBytes", "5368709121", "Batch:MaxBytes 5368709121 is out of range; set from 1024 (1 KiB) to 5368709120 (5 GiB, S3's largest PUT).")]
    [InlineData("MaxWait", "00:00:00.500", "Batch:MaxWait 00:00:00.5000000 is out of range; set from 00:00:01 to 00:15:00 (hh:mm:ss; a bare number counts days): RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default.")]
    [InlineData("MaxWait", "60", "Batch:MaxWait 60.00:00:00 is out of range; set from 00:00:01 to 00:15:00 (hh:mm:ss; a bare number counts days): RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default.")]
    [InlineData("MaxWait", "00:15:01", "Batch:MaxWait 00:15:01 is out of range; set from 00:00:01 to 00:15:00 (hh:mm:ss; a bare number counts days): RabbitMQ closes the channel of a message left unacknowledged for its consumer_timeout, 30 minutes by default.")]
    [InlineData("Compression", "lz4", "Batch:Compression 'lz4' is unknown; use one of none, gzip, zstd.")]
    [InlineData("Compression", "1", "Batch:Compression '1' is unknown; use one of none, gzip, zstd.")]
    public void A_bad_value_stops_the_start_with_one_line_naming_it(string key, string value, string says)
    {
        using var services = Examples.Services(
            ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), ($"Destinations:lake:Batch:{key}", value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.Equal([$"Destination 'lake': {says}"], error.Failures);
    }

    [Theory]
    [InlineData("metadata.objectName")]
    [InlineData("join('/', [metadata.objectName, batch.first_event_id])")]
    public void A_batched_destination_whose_key_template_leaves_out_batch_id_does_not_start(string template)
    {
        using var services = Examples.Services(
            ("Destinations:lake:Bucket", "b"), ("Destinations:lake:Region", "r"), ("Destinations:lake:Batch:MaxMessages", "10"),
            ("Destinations:lake:ObjectKeyTemplate", template));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConfiguredDestinations>>().Value);

        Assert.Equal(
            [$"Destination 'lake': ObjectKeyTemplate {template} does not use batch.id, so two batch objects could get the same key; " +
             "use it, e.g. join('', [time.rfc3339_nano, '_', batch.id, '.ndjson.gz']), or leave ObjectKeyTemplate out for that default."],
            error.Failures);
    }

    [Theory]
    [InlineData("1024", "00:00:01")]
    [InlineData("5368709120", "00:15:00")]
    public void The_limits_themselves_are_accepted(string maxBytes, string maxWait) =>
        Assert.Equal(maxBytes, Batched.Lake(("Batch:MaxBytes", maxBytes), ("Batch:MaxWait", maxWait)).Options.Batch.MaxBytes
            .ToString(System.Globalization.CultureInfo.InvariantCulture));
}
