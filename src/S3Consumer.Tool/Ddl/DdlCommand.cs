using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Core.Rows;
using S3Consumer.Tool.Configuration;

namespace S3Consumer.Tool.Ddl;

/// <summary>
/// <c>s3consumer ddl &lt;destination&gt; [--dialect athena|duckdb]</c>: the table definition over a destination's rows
/// (Format records or parquet), from its configuration: where its objects are, their Hive-style partitions, the columns.
/// </summary>
internal static class DdlCommand
{
    public static Command Create(SettingsOptions settings, ToolConsole console)
    {
        var name = new Argument<string>("destination") { Description = "A configured destination of Format records or parquet." };
        var dialect = new Option<string>("--dialect") { Description = "athena (CREATE EXTERNAL TABLE) or duckdb (CREATE VIEW).", DefaultValueFactory = _ => "athena" };
        dialect.AcceptOnlyFromAmong("athena", "duckdb");
        var table = new Option<string?>("--table") { Description = "The table's name; default: the destination's, lower-case, other characters as _." };
        var command = new Command("ddl", "Print the table definition that reads a destination's rows (Athena or DuckDB).")
        {
            name, dialect, table,
        };
        command.SetAction((parse, cancellation) => Guarded.RunAsync(console, async () =>
        {
            await using var services = WorkerServices.Create(settings.Load(parse));
            Destination destination;
            try
            {
                destination = services.GetRequiredService<DestinationCatalog>().Resolve(parse.GetValue(name)!);
            }
            catch (UndeliverableMessageException error)
            {
                await console.Error.WriteLineAsync($"s3consumer: {error.Message}").ConfigureAwait(false);
                return ToolCommands.ConfigurationError;
            }

            if (ObjectFormats.Of(destination.Options) == ObjectFormat.Message)
            {
                await console.Error.WriteLineAsync(
                    $"s3consumer: destination '{destination.Name}' writes Format message: each object is a whole message, its records nested in result, " +
                    $"which no table reads as rows. Set Destinations:{destination.Name}:Format to records (or parquet, with Batch:MaxMessages) " +
                    "for the objects written from then on.").ConfigureAwait(false);
                return 1;
            }

            var definition = TableDefinition.For(destination, parse.GetValue(table));
            await console.Out.WriteAsync(parse.GetValue(dialect) == "duckdb" ? DuckDbDialect.Render(definition) : AthenaDialect.Render(definition)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
