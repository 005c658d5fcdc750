using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using S3Consumer.Core;
using S3Consumer.Core.Destinations;
using S3Consumer.Tool.Configuration;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Storage;
using Spectre.Console;

namespace S3Consumer.Tool.Check;

/// <summary>
/// <c>s3consumer check [NAME]...</c>: a probe write per destination, as the worker writes, with a table of what each
/// answered and what to change, what its key template may get wrong (<see cref="TemplateCheck"/>), and whether the
/// ingress exchange routes to the ingress queue (<see cref="IngressCheck"/>); exit 0 only when every destination took
/// its probe and the exchange routes.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(SettingsOptions settings, ToolConsole console)
    {
        var names = new Argument<string[]>("destination") { Description = "The destinations to check; default: all.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("check", $"Write a probe object ({ProbeObject.Prefix}<time>-<id>.json) to each destination as the worker would, and explain any refusal; with Ingress:Exchange, see that it routes to the ingress queue.")
        {
            names,
        };
        command.SetAction((parse, cancellation) => Guarded.RunAsync(console, async () =>
        {
            var configuration = settings.Load(parse);
            await using var services = WorkerServices.Create(configuration);
            var ingressOptions = services.GetRequiredService<IOptions<IngressOptions>>().Value;
            var catalog = services.GetRequiredService<DestinationCatalog>();
            IReadOnlyCollection<Destination> destinations;
            try
            {
                destinations = parse.GetValue(names) is { Length: > 0 } chosen ? [.. chosen.Select(catalog.Resolve)] : catalog.All;
            }
            catch (UndeliverableMessageException error)
            {
                await console.Error.WriteLineAsync($"s3consumer: {error.Message}").ConfigureAwait(false);
                return ToolCommands.ConfigurationError;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10), DefaultRequestHeaders = { { "User-Agent", S3UserAgent.Value } } };
            var regions = new BucketRegionLookup(http, services.GetRequiredService<DestinationSenders>());
            var writer = new ProbeWriter(services.GetRequiredService<S3ObjectStore>(), TimeProvider.System, new FailureExplainer(regions, TimeProvider.System));
            var results = new List<CheckResult>();
            foreach (var destination in destinations.OrderBy(destination => destination.Name, StringComparer.OrdinalIgnoreCase))
            {
                results.Add(await writer.CheckAsync(destination, cancellation).ConfigureAwait(false));
            }

            console.Rich.Write(Table(results));
            foreach (var failed in results.Where(result => !result.Written))
            {
                // Plain lines, not table cells, so that a policy to paste is not wrapped.
                await console.Out.WriteLineAsync($"{failed.Destination.Name}: {failed.Explanation}").ConfigureAwait(false);
            }

            var queues = WorkerServices.Queues(configuration);
            foreach (var result in results)
            {
                foreach (var finding in TemplateCheck.Findings(result.Destination, queues))
                {
                    await console.Out.WriteLineAsync($"{result.Destination.Name}: warning: {finding}").ConfigureAwait(false);
                }
            }

            var ingress = await IngressCheck.RunAsync(ingressOptions, configuration, cancellation).ConfigureAwait(false);
            if (ingress is not null)
            {
                await console.Out.WriteLineAsync($"Ingress: {ingress.Text}").ConfigureAwait(false);
            }

            return results.TrueForAll(result => result.Written) && ingress?.Ok != false ? 0 : 1;
        }));
        return command;
    }

    private static Table Table(IEnumerable<CheckResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Destination").AddColumn("Bucket").AddColumn("Result");
        foreach (var result in results)
        {
            var options = result.Destination.Options;
            table.AddRow(
                new Text(result.Destination.Name),
                new Text($"{options.Bucket} ({options.Region}, {result.Destination.StorageClass})"),
                result.Written ? new Markup($"[green]written[/] {Markup.Escape(result.Key)}") : new Markup($"[red]{Markup.Escape(result.Failure!)}[/]"));
        }

        return table;
    }
}
