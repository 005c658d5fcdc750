using S3Consumer.Core.Keys;

namespace S3Consumer.Core.Tests.Keys;

/// <summary>A template read as the text and fields it joins, for what its keys have in common.</summary>
public sealed class TemplatePartsTests
{
    [Theory]
    [InlineData("join('', [time.rfc3339_nano, '_', metadata.\"event-id\", '.json'])", "time.rfc3339_nano|_|metadata.event-id|.json")]
    [InlineData("join('/', [metadata.objectName, time.date, metadata.\"event-id\"])", "metadata.objectName|/|time.date|/|metadata.event-id")]
    [InlineData("join('', ['object=', metadata.objectName, '/dt=', time.date])", "object=|metadata.objectName|/dt=|time.date")]
    [InlineData("join('/', [join('', ['year=', time.year]), `\"v1\"`, data.installationId])", "year=|time.year|/|v1|/|data.installationId")]
    [InlineData("join('', [batch.partition, '/', batch.time.rfc3339_nano, '_', batch.id, '.parquet'])", "batch.partition|/|batch.time.rfc3339_nano|_|batch.id|.parquet")]
    [InlineData("metadata.operationId", "metadata.operationId")]
    public void A_join_of_text_and_fields_is_its_parts_in_order(string template, string parts)
    {
        Assert.Equal(parts, string.Join('|', TemplateParts.Of(template)!));
        Assert.Equal(parts.Split('|').Select(part => part.Contains('.', StringComparison.Ordinal) && part != ".json" && part != ".parquet"),
            TemplateParts.Of(template)!.Select(part => !part.IsText));
    }

    [Theory]
    [InlineData("join('/', [metadata.objectName, to_string(batch.count)])")]
    [InlineData("metadata.objectName || 'none'")]
    [InlineData("join(metadata.topic, [time.date])")]
    [InlineData("join('', [")]
    public void Anything_else_gives_no_parts(string template) => Assert.Null(TemplateParts.Of(template));
}
