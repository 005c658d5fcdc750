using System.Globalization;
using S3Consumer.Benchmarks.Pipeline;
using S3Consumer.Testing.Telemetry;

namespace S3Consumer.Benchmarks.Soak;

/// <summary>
/// One soak: services up, a bucket per destination, the configuration file, the results' HTTPS host and an OTLP
/// receiver; three workers; traffic from four publishers while the faults are played; then every queue drained, the
/// workers stopped, what S3 and the error queues hold read back, every message accounted for, and the report. Whatever
/// it made (queues, exchanges, buckets, files, the cluster if it started it) is removed at the end.
/// </summary>
internal sealed class SoakRun(SoakOptions options, TextWriter output)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(10);

    // The workers' S3:AttemptTimeout: the fault proxy holds a PUT of the throttled destination twice as long (plus the
    // second per MiB the worker adds, at most 5 for the largest bodies), so that the worker abandons the attempt and retries.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(8);

    public async Task<int> RunAsync()
    {
        var root = Repository.Root;
        var servicesScript = Path.Combine(root, "scripts", "services.sh");
        await Command.RunCheckedAsync(TimeSpan.FromMinutes(10), "bash", servicesScript, "up");
        var (cluster, clusterState) = await SoakCluster.UpAsync(root);
        try
        {
            return await RunOnAsync(cluster, clusterState, servicesScript);
        }
        finally
        {
            await cluster.DownAsync();
        }
    }

    private async Task<int> RunOnAsync(SoakCluster cluster, string clusterState, string servicesScript)
    {
        var services = await LocalServices.DiscoverAsync("localhost", options.S3Url);
        using var build = await WorkerBuild.LocateAsync(options.WorkerDll);
        var ids = SoakIds.New();
        var queues = new SoakQueues(ids.Run);
        var clock = new SoakClock();
        var buckets = new Dictionary<string, S3rverBucket>();
        var directory = Directory.CreateTempSubdirectory("s3consumer-soak-");
        try
        {
            foreach (var destination in SoakDestinations.All)
            {
                buckets[destination.Name] = await S3rverBucket.CreateAsync(services, $"soak-{destination.Name}");
            }

            await using var results = await ResultServer.StartAsync();
            await using var proxy = await S3FaultProxy.StartAsync(server: options.S3Url);
            (proxy.SlowDownEvery, proxy.DelayEvery, proxy.PutDelay) = (SoakDestinations.SlowDownEvery, SoakDestinations.TimeOutEvery, AttemptTimeout + AttemptTimeout);
            var tooLarge = 0L;
            proxy.RefusePut = request =>
            {
                if (!request.Path.Value!.Contains($"/{SoakDestinations.TooLarge}/", StringComparison.Ordinal))
                {
                    return null;
                }

                Interlocked.Increment(ref tooLarge);
                return S3Refusal.Of("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            };
            var deliveries = new DeliveryLog(ids, clock);
            await using var telemetry = await OtlpReceiver.StartAsync(deliveries.Take);
            var configuration = new SoakConfiguration(directory.FullName, queues, buckets.ToDictionary(bucket => bucket.Key, bucket => bucket.Value.Bucket), options.S3Url, proxy.Url);
            await configuration.WriteAsync();
            var plan = FaultSchedule.Plan(options.Seed, options.Duration, options.HoldDelay);
            await WriteHeaderAsync(services, clusterState, build, ids, buckets);

            var settings = new Dictionary<string, string?>
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Urls"] = "http://127.0.0.1:0",
                ["Health:Port"] = "0",
                ["Queues:Read"] = queues.Read,
                ["Queues:Subscribe"] = queues.Subscribe,
                ["Queues:Quorum"] = "true",
                ["Ingress:Exchange"] = queues.Exchange,
                ["Ingress:Queue"] = queues.Ingress,
                ["S3:HoldDelay"] = options.HoldDelay.ToString("c", CultureInfo.InvariantCulture),
                ["S3:AttemptTimeout"] = AttemptTimeout.ToString("c", CultureInfo.InvariantCulture),
                ["Results:AllowedHosts:0"] = ResultServer.Host,
                ["S3CONSUMER_CONFIG"] = configuration.Path,
                ["SSL_CERT_FILE"] = results.CertificateBundle,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = telemetry.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            };
            await using var workers = new SoakWorkers(build.Dll, settings, clock, queues.Read);
            await workers.StartAllAsync();
            var origin = clock.Now;
            await output.WriteLineAsync($"{SoakClock.Format(origin)}  three workers consume {string.Join(", ", queues.Work)}; traffic starts. The faults, one at a time, as planned from the seed (worker 1 is never stopped, so that its memory covers the run):");
            foreach (var fault in plan)
            {
                await output.WriteLineAsync($"          {SoakClock.Format(origin + fault.At)}  {fault.Describe()}");
            }

            var traffic = new SoakTraffic(options.Seed, ids, queues, results);
            var ledger = new List<SentMessage>();
            var (sent, trafficEnd, faults) = await PlayAsync(cluster, servicesScript, workers, configuration, traffic, ledger, clock, origin, plan, queues);

            await output.WriteLineAsync($"{SoakClock.Format(clock.Now)}  traffic over: {sent:N0} messages sent and confirmed; draining every queue (at most {DrainLimit.TotalMinutes:N0} min)");
            var left = await DrainAsync(queues);
            await output.WriteLineAsync($"{SoakClock.Format(clock.Now)}  {(left.Count == 0 ? "drained" : $"NOT drained: {string.Join(", ", left.Select(queue => $"{queue.Key} {queue.Value}"))}")}; stopping the workers");
            var crashed = workers.Crashed().ToList();
            await workers.StopAllAsync();
            await Task.Delay(TimeSpan.FromSeconds(3)); // their last spans, sent as they stop

            var stored = SoakDestinations.All.SelectMany(destination => buckets[destination.Name].Objects()
                .SelectMany(found => destination.Layout.Read(found, ids).Select(message => new StoredMessage(message.Number, destination.Name, found.Key, message.Line, message.Hash, found.WrittenAt, message.Rows))))
                .ToList();
            var (parked, unnamed) = await ReadErrorQueuesAsync(ids, queues);
            var tally = new SoakTally(ledger, stored, parked, deliveries, faults, clock);
            await output.WriteLineAsync(Text.Invariant($"{SoakClock.Format(clock.Now)}  the fault proxy in front of {SoakDestinations.Throttled}: {proxy.StartedPuts:N0} PUTs, {proxy.RefusedPuts:N0} answered 503 SlowDown, {proxy.StartedPuts / SoakDestinations.TimeOutEvery:N0} held past the attempt timeout, {Interlocked.Read(ref tooLarge):N0} of {SoakDestinations.TooLarge}/ answered 400 EntityTooLarge"));
            var summary = new SoakSummary(options, tally, deliveries, faults, workers, clock, trafficEnd, left, crashed, unnamed, output);
            return summary.Write() ? 0 : 1;
        }
        finally
        {
            await CleanUpAsync(servicesScript, queues, buckets.Values, directory);
        }
    }

    /// <summary>
    /// Removes what the run made, with s3rver started again should a failure have left it stopped; a step that fails is
    /// reported and the next one still runs, so that the failure that ended the run is the one shown.
    /// </summary>
    private async Task CleanUpAsync(string servicesScript, SoakQueues queues, IEnumerable<S3rverBucket> buckets, DirectoryInfo directory)
    {
        async Task StepAsync(string what, Func<Task> step)
        {
            try
            {
                await step();
            }
#pragma warning disable CA1031 // each step is tried, whatever the one before it did
            catch (Exception error)
#pragma warning restore CA1031
            {
                await output.WriteLineAsync($"Cleaning up, {what} failed: {error.GetType().Name}: {error.Message}");
            }
        }

        await StepAsync("removing the run's queues and exchanges", () => RemoveQueuesAsync(queues));
        await StepAsync("starting s3rver", () => Command.RunCheckedAsync(TimeSpan.FromMinutes(2), "bash", servicesScript, "start-s3"));
        foreach (var bucket in buckets)
        {
            await StepAsync($"removing bucket {bucket.Bucket}", () => bucket.DisposeAsync().AsTask());
        }

        await StepAsync($"removing {directory.FullName}", () => Task.Run(() => directory.Delete(recursive: true)));
    }

    private async Task<(long Sent, TimeSpan TrafficEnd, IReadOnlyList<PlayedFault> Faults)> PlayAsync(
        SoakCluster cluster, string servicesScript, SoakWorkers workers, SoakConfiguration configuration, SoakTraffic traffic, List<SentMessage> ledger,
        SoakClock clock, TimeSpan origin, IReadOnlyList<PlannedFault> plan, SoakQueues queues)
    {
        SoakPublisher[] publishers =
        [
            new AmqpPublisher("raw-1", SoakCluster.Endpoints),
            new AmqpPublisher("raw-2", [.. SoakCluster.Endpoints.Reverse()]),
            await BusPublisher.StartAsync("typed", SoakCluster.Host, [.. SoakCluster.Nodes.Select(SoakCluster.AmqpPort)]),
            new AmqpPublisher("ampersand", [.. SoakCluster.Endpoints.Skip(1), SoakCluster.Endpoints[0]]),
        ];
        try
        {
            foreach (var publisher in publishers)
            {
                publisher.Start();
            }

            SoakPublisher Route(SoakMessage message) => message.Publisher switch
            {
                Publisher.Raw => publishers[message.Number % 2],
                Publisher.Typed => publishers[2],
                _ => publishers[3],
            };

            var player = new FaultPlayer(clock, cluster, servicesScript, workers, configuration, options.HoldDelay, output);
            var playing = player.PlayAsync(plan, origin);

            // Traffic lasts the run's minutes, and 30 s past the last fault if the faults ran late, so that every one is played under traffic.
            bool Going() => clock.Now - origin < options.Duration || !playing.IsCompleted || clock.Now < player.LastEnded + TimeSpan.FromSeconds(30);
            var number = 0L;
            var nextProgress = clock.Now + TimeSpan.FromSeconds(30);
            while (Going())
            {
                for (var due = (long)((clock.Now - origin).TotalSeconds * options.Rate); number < due; number++)
                {
                    var message = traffic.Create(number);
                    var sent = new SentMessage(message);
                    ledger.Add(sent);
                    Route(message).Send(message, sent);
                }

                if (clock.Now >= nextProgress)
                {
                    nextProgress += TimeSpan.FromSeconds(30);
                    await WriteProgressAsync(queues, clock, number, publishers);
                }

                await Task.Delay(50);
            }

            var trafficEnd = clock.Now;
            await playing;
            foreach (var publisher in publishers)
            {
                await publisher.CompleteAsync();
            }

            await output.WriteLineAsync(string.Join("; ", publishers.Select(publisher => $"{publisher.Name}: {publisher.Failures} publish(es) sent again{(publisher.LastFailure is { } why ? $" (last: {why})" : "")}")));
            return (number, trafficEnd, player.Played);
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    private async Task WriteProgressAsync(SoakQueues queues, SoakClock clock, long sent, SoakPublisher[] publishers)
    {
        try
        {
            var depths = await SoakCluster.DepthsAsync(queues.Owns);
            long Sum(Func<string, bool> which) => depths.Where(queue => which(queue.Key)).Sum(queue => Math.Max(0, queue.Value));
            var (work, held, parked) = (Sum(queues.Work.Contains), Sum(name => name.Contains(".held.", StringComparison.Ordinal)), Sum(name => name.EndsWith("_error", StringComparison.Ordinal)));
            await output.WriteLineAsync(Text.Invariant(
                $"{SoakClock.Format(clock.Now)}  {sent:N0} sent ({publishers.Sum(publisher => publisher.Waiting):N0} waiting to be); in RabbitMQ: {work:N0} to take, {held:N0} held, {parked:N0} parked"));
        }
        catch (Exception error) when (error is InvalidOperationException or System.Text.Json.JsonException or TimeoutException)
        {
            await output.WriteLineAsync($"{SoakClock.Format(clock.Now)}  {sent:N0} sent; queues not listed now: {error.Message}");
        }
    }

    /// <summary>Waits until no message is left in the run's work and holding queues, three looks in a row; returns what is left after <see cref="DrainLimit"/>.</summary>
    private static async Task<IReadOnlyDictionary<string, long>> DrainAsync(SoakQueues queues)
    {
        bool Drained(string name) => queues.Owns(name) && !name.EndsWith("_error", StringComparison.Ordinal) && !name.EndsWith("_skipped", StringComparison.Ordinal);
        var deadline = DateTime.UtcNow + DrainLimit;
        var left = new Dictionary<string, long>();
        for (var quiet = 0; quiet < 3 && DateTime.UtcNow < deadline; await Task.Delay(TimeSpan.FromSeconds(2)))
        {
            left = (await SoakCluster.DepthsAsync(Drained)).Where(queue => queue.Value != 0).ToDictionary();
            quiet = left.Count == 0 ? quiet + 1 : 0;
        }

        return left;
    }

    /// <summary>Every message of the error (and skipped) queues, by the soak id it carries; and how many carried none.</summary>
    private static async Task<(List<ParkedMessage> Parked, int Unnamed)> ReadErrorQueuesAsync(SoakIds ids, SoakQueues queues)
    {
        await using var broker = await SoakCluster.ConnectAsync();
        var (parked, unnamed) = (new List<ParkedMessage>(), 0);
        foreach (var queue in queues.Work.SelectMany(queue => new[] { SoakQueues.ErrorQueue(queue), $"{queue}_skipped" }))
        {
            for (var left = await broker.CountAsync(queue); left > 0; left--)
            {
                var message = await broker.TakeAsync(queue);
                var numbers = ids.NumbersIn(Broker.Header(message, "event-id")).ToList();
                numbers = numbers.Count > 0 ? numbers : [.. ids.NumbersIn(message.Body.Span).Distinct()];
                unnamed += numbers.Count == 0 ? 1 : 0;
                parked.AddRange(numbers.Select(number => new ParkedMessage(number, queue, Broker.Header(message, "MT-Fault-Message"))));
            }
        }

        return (parked, unnamed);
    }

    private static async Task RemoveQueuesAsync(SoakQueues queues)
    {
        await using var broker = await SoakCluster.ConnectAsync();
        await broker.DeleteQueuesAsync([.. queues.Work, .. (await SoakCluster.DepthsAsync(queues.Owns)).Keys]);
        await broker.DeleteExchangeAsync(queues.Exchange);
    }

    private async Task WriteHeaderAsync(LocalServices services, string clusterState, WorkerBuild build, SoakIds ids, Dictionary<string, S3rverBucket> buckets)
    {
        await output.WriteLineAsync(Text.Invariant($"""
            S3Consumer soak, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: seed {options.Seed} (the same traffic and faults again: --seed {options.Seed}), run {ids.Run}
            machine   {Machine.Describe()}; load average {Machine.LoadAverage()}
            services  RabbitMQ: the three-node cluster of scripts/cluster.sh on {SoakCluster.Host}:{SoakCluster.AmqpPort(1)}-{SoakCluster.AmqpPort(3)}, {clusterState}; s3rver {services.S3Version} at {options.S3Url}
            worker    {build.Source}: three processes, worker N on node N with the others as fail-over, quorum queues, S3:HoldDelay {options.HoldDelay.TotalSeconds:N0} s
            traffic   {options.Duration.TotalMinutes:N0} min at {options.Rate} messages/s from four publishers (two raw, one typed, one as Ampersand); 1 in {SoakTraffic.PoisonEvery} poison, each of the {PoisonMessages.Kinds.Count} reasons in turn; 200 B to 5 MB
            """));
        foreach (var destination in SoakDestinations.All)
        {
            await output.WriteLineAsync($"  {destination.Name,-8} {destination.Layout.Describe()}{(destination.EnvelopeNone ? ", Envelope none" : "")}, bucket {buckets[destination.Name].Bucket}: {Role(destination)}");
        }
    }

    private static string Role(SoakDestination destination) => destination.Name switch
    {
        SoakDestinations.Refused => $"{destination.Share:P0} of raw and typed messages, Ampersand's {destination.AmpersandObject}; refused (403) now and then",
        SoakDestinations.Throttled => Text.Invariant($"{destination.Share:P0} of raw and typed messages, through the fault proxy: 1 PUT in {SoakDestinations.SlowDownEvery} answered 503 SlowDown, 1 in {SoakDestinations.TimeOutEvery} held past S3:AttemptTimeout ({AttemptTimeout.TotalSeconds:N0} s); the objects of {SoakDestinations.TooLarge}/ (poison) answered 400 EntityTooLarge"),
        SoakDestinations.Dead => "poison only: its key is never right, and the message was held for longer than S3:MaxUnavailable",
        _ when destination.Layout.WritesRows => Text.Invariant($"{destination.Share:P0} of raw and typed messages, 1 raw message in {SoakTraffic.NoRecordsEvery} without records (no row)"),
        _ => $"{destination.Share:P0} of raw and typed messages, Ampersand's {destination.AmpersandObject}{(destination.Name == SoakDestinations.Notifications ? " and notifications" : "")}",
    };
}
