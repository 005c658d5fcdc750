using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using S3Consumer.Core.Keys;
using S3Consumer.Core.Rows;

namespace S3Consumer.Core.Destinations;

/// <summary>
/// The configured destinations, each with its key template parsed once, reloaded whenever the configuration changes.
/// A version that does not bind or validate is refused with one log line and the running one stays.
/// </summary>
/// <remarks>
/// Not <see cref="IOptionsMonitor{TOptions}.OnChange"/>: the monitor calls back only with versions that validate and
/// throws the others at whoever changed the file, while the catalog must see them to refuse them out loud.
/// </remarks>
public sealed partial class DestinationCatalog : IHostedService, IDisposable
{
    private readonly IOptionsFactory<ConfiguredDestinations> factory;
    private readonly ILogger<DestinationCatalog> logger;
    private readonly TimeProvider time;
    private readonly List<IDisposable> subscriptions;
    private readonly Lock reloading = new();
    private volatile FrozenDictionary<string, Destination> byName;
    private string? refused;

    public DestinationCatalog(
        IOptionsFactory<ConfiguredDestinations> factory,
        IEnumerable<IOptionsChangeTokenSource<ConfiguredDestinations>> changes,
        ILogger<DestinationCatalog> logger,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(changes);
        this.factory = factory;
        this.logger = logger;
        this.time = time;
        byName = Create(factory.Create(Options.DefaultName));
        Warn(byName.Values);
        subscriptions = [.. changes.Select(change => ChangeToken.OnChange(change.GetChangeToken, Reload))];
    }

    /// <summary>
    /// Raised once a reload took effect, naming the destinations it added, changed or removed. A changed destination
    /// resolves to a new <see cref="Destination"/> from then on; the one before stays with the writes that hold it.
    /// </summary>
    public event EventHandler<DestinationsChangedEventArgs>? Changed;

    public IReadOnlyCollection<Destination> All => byName.Values;

    /// <summary>The destination a message names; throws <see cref="UndeliverableMessageException"/> when there is none.</summary>
    public Destination Resolve(string? name)
    {
        var current = byName;
        return string.IsNullOrWhiteSpace(name)
            ? throw Unknown("The message names no destination: set the 'destination' header, or the message's destination field.")
            : current.GetValueOrDefault(name)
              ?? throw Unknown($"Destination '{Excerpt.Quote(name)}' is not configured (configured: {string.Join(", ", current.Keys)}). " +
                               $"Fix the name the message carries, or add Destinations:{Excerpt.Quote(name)}:Bucket and Region.");
    }

    /// <summary>The destination <paramref name="name"/> resolves to now; null when none is configured under it.</summary>
    public Destination? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>
    /// Nothing to start: the catalog is a hosted service so that the host builds it at start, and a reload before the
    /// first message is followed (or refused out loud) too.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void Reload()
    {
        lock (reloading)
        {
            FrozenDictionary<string, Destination> next;
            try
            {
                next = Create(factory.Create(Options.DefaultName));
            }
            catch (Exception error) when (error is OptionsValidationException or InvalidOperationException)
            {
                // A binding failure (InvalidOperationException) names the key and the type, never the value.
                var problem = error is OptionsValidationException invalid ? string.Join(" | ", invalid.Failures) : error.Message;
                if (problem != refused)
                {
                    refused = problem;
                    LogRefused(problem);
                }

                return;
            }

            refused = null;
            var previous = byName;
            var added = next.Keys.Where(name => !previous.ContainsKey(name)).ToList();
            var removed = previous.Keys.Where(name => !next.ContainsKey(name)).ToList();
            var changed = next.Keys.Where(name => previous.TryGetValue(name, out var before) && !Same(before, next[name])).ToList();
            if (added.Count + removed.Count + changed.Count == 0)
            {
                return; // another section changed, or the file was rewritten as it was
            }

            // Unchanged destinations keep their instance, and with it the S3 client and state built for it.
            byName = next.ToFrozenDictionary(
                entry => entry.Key,
                entry => previous.TryGetValue(entry.Key, out var before) && Same(before, entry.Value) ? before : entry.Value,
                StringComparer.OrdinalIgnoreCase);
            LogReloaded(added, changed, removed);
            Warn(added.Concat(changed).Select(name => byName[name]));
            Changed?.Invoke(this, new DestinationsChangedEventArgs(added, changed, removed, time.GetUtcNow()));
        }
    }

    // Every option, secrets included, so that new credentials count as a change; DestinationOptions is plain data.
    private static bool Same(Destination before, Destination after) =>
        before.Name == after.Name
        && JsonSerializer.SerializeToUtf8Bytes(before.Options).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(after.Options));

    // The options have passed DestinationsValidator, so the template parses and the storage class is known.
    private static FrozenDictionary<string, Destination> Create(ConfiguredDestinations options) =>
        options.ToFrozenDictionary(
            entry => entry.Key,
            entry => new Destination(
                entry.Key,
                entry.Value,
                entry.Value.StorageClass.ToUpperInvariant(),
                entry.Value.ObjectKeyTemplate is { } template ? ObjectKeyTemplate.Parse(template) : DefaultKeyTemplate(entry.Value)),
            StringComparer.OrdinalIgnoreCase);

    // A one-object destination of rows writes NDJSON, and its default key says so; a batched one's batches take the default batch key.
    private static ObjectKeyTemplate DefaultKeyTemplate(DestinationOptions options) =>
        !options.Batch.Enabled && ObjectFormats.Of(options) == ObjectFormat.Records ? ObjectKeyTemplate.DefaultRecords : ObjectKeyTemplate.Default;

    // One warning per destination whose template may lose messages or park them all.
    private void Warn(IEnumerable<Destination> destinations)
    {
        foreach (var destination in destinations.OrderBy(destination => destination.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (TemplateWarning.Of(destination) is { } warning)
            {
                LogTemplateWarning(destination.Name, destination.KeyTemplate.Text, warning);
            }
        }
    }

    private static UndeliverableMessageException Unknown(string message) =>
        new(UndeliverableReason.UnknownDestination, message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Destinations reloaded: added [{Added}], changed [{Changed}], removed [{Removed}]")]
    private partial void LogReloaded(IReadOnlyList<string> added, IReadOnlyList<string> changed, IReadOnlyList<string> removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destination '{Destination}': object key template {Template} {Warning}")]
    private partial void LogTemplateWarning(string destination, string template, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "Destinations configuration refused, the previous one keeps running: {Problem}")]
    private partial void LogRefused(string problem);
}
