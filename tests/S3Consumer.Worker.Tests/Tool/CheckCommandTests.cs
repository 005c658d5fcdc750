using S3Consumer.Worker.Storage;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Tool;

/// <summary>
/// <c>s3consumer check</c> against the real S3 server, and against the fault proxy for what s3rver cannot answer
/// (it takes any secret and has no regions): each failure explained for what it is.
/// </summary>
[Collection(RealServicesSecondLane.Name)]
public sealed class CheckCommandTests : IAsyncLifetime
{
    private const string SessionToken = "SENTINEL-check-session-token";

    private S3Bucket bucket = null!;

    public async Task InitializeAsync() => bucket = await S3Bucket.CreateAsync();

    public async Task DisposeAsync() => await bucket.DisposeAsync();

    [Fact]
    public async Task A_destination_that_takes_the_probe_passes_and_the_probe_is_in_its_bucket_as_the_worker_writes()
    {
        var result = await CheckAsync(Destination("lake", bucket.Name).Append(new("Destinations:lake:StorageClass", "STANDARD_IA")));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("written", result.Out, StringComparison.Ordinal);
        var key = Assert.Single(await bucket.KeysAsync());
        Assert.StartsWith("s3consumer-check/", key, StringComparison.Ordinal);
        var probe = await bucket.WaitForObjectAsync(key);
        Assert.Equal(("application/json", "STANDARD_IA", "lake"), (probe.ContentType, probe.StorageClass, probe.Metadata["x-amz-meta-destinationid"]));
        Assert.StartsWith("{\"data\":{\"action\":\"check\"", System.Text.Encoding.UTF8.GetString(probe.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_fails_the_check_naming_the_bucket_while_the_others_pass()
    {
        var missing = $"missing-{Guid.NewGuid():N}"[..24];
        var result = await CheckAsync(Destination("lake", bucket.Name).Concat(Destination("gone", missing)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"gone: Bucket '{missing}' does not exist", result.Out, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", result.Out, StringComparison.Ordinal);
        Assert.Single(await bucket.KeysAsync());
    }

    [Fact]
    public async Task Only_the_destinations_named_are_checked()
    {
        var result = await CheckAsync(Destination("lake", bucket.Name).Concat(Destination("gone", "no-such-bucket-i14")), "lake");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("gone", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", null,
        "lake: The secret does not belong to the access key id. Fix Destinations:lake:SecretAccessKey.")]
    [InlineData(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", null,
        "lake: S3 does not know the access key id. Fix Destinations:lake:AccessKeyId")]
    [InlineData(301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.", "eu-west-1",
        "is in eu-west-1, not us-east-1. Set Destinations:lake:Region to eu-west-1.")]
    [InlineData(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-southeast-2'", null,
        "is in ap-southeast-2, not us-east-1. Set Destinations:lake:Region to ap-southeast-2.")]
    [InlineData(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", null,
        "is more than 15 minutes off S3's. Set it right (NTP).")]
    public async Task A_refusal_is_explained_in_words(int status, string code, string message, string? bucketRegion, string explanation)
    {
        await using var proxy = await S3FaultProxy.StartAsync();
        proxy.Refusal = new S3Refusal(status, code, message, bucketRegion);

        var result = await CheckAsync(Destination("lake", bucket.Name, proxy.Url));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(explanation, result.Out, StringComparison.Ordinal);
        Assert.All(proxy.Received, request => Assert.Equal(S3UserAgent.Value, request.UserAgent)); // the probe's PUT, and a HEAD for the region
    }

    [Fact]
    public async Task A_signature_S3_computes_alike_from_what_it_received_means_a_wrong_secret()
    {
        await using var proxy = await S3FaultProxy.StartAsync();

        var result = await CheckAsync(Destination("lake", bucket.Name, proxy.Url)
            .Where(setting => !setting.Key.EndsWith(":SecretAccessKey", StringComparison.Ordinal))
            .Append(new("Destinations:lake:SecretAccessKey", "not-the-secret")).Append(new("Destinations:lake:SessionToken", SessionToken)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lake: S3 received the request as it was signed, so the secret does not belong to the access key id. Fix Destinations:lake:SecretAccessKey", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_changed_on_its_way_to_S3_is_told_from_a_wrong_secret_by_the_lines_that_differ()
    {
        await using var proxy = await S3FaultProxy.StartAsync();
        proxy.AlterRequest = request => request.Headers.ContentType = "application/json; charset=utf-8"; // as some proxies do

        var result = await CheckAsync(Destination("lake", bucket.Name, proxy.Url).Append(new("Destinations:lake:SessionToken", SessionToken)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lake: S3 received another request than the one signed: something between this machine and S3", result.Out, StringComparison.Ordinal);
        Assert.Contains("  signed:   content-type:application/json", result.Out, StringComparison.Ordinal);
        Assert.Contains("  received: content-type:application/json; charset=utf-8", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_denied_gives_the_policy_statement_to_add()
    {
        await using var proxy = await S3FaultProxy.StartAsync();
        proxy.Refusal = new S3Refusal(403, "AccessDenied", "Access Denied");

        var result = await CheckAsync(Destination("lake", bucket.Name, proxy.Url));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            $$"""{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::{{bucket.Name}}/*"}""", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configuration_the_worker_would_refuse_stops_the_check_with_the_workers_reason()
    {
        var result = await CheckAsync(Destination("lake", bucket.Name).Append(new("Destinations:lake:StorageClass", "COLD")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Destination 'lake': StorageClass 'COLD' is unknown", result.Error, StringComparison.Ordinal);
    }

    private static readonly string[] Actions = ["read", "subscribe"];

    [Fact]
    public async Task A_template_that_may_lose_or_park_messages_is_warned_of_with_the_reason_an_example_message_gets()
    {
        var result = await CheckAsync(Destination("lake", bucket.Name).Append(new("Destinations:lake:ObjectKeyTemplate", "join('/', [metadata.objectname])")));

        Assert.True(result.ExitCode == 0, result.ToString());
        var warnings = result.Out.Split('\n').Where(line => line.StartsWith("lake: warning: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["lake: warning: object key template join('/', [metadata.objectname]) does not read metadata.\"event-id\", so two messages may get one key and " +
             "the later replace the earlier (with Overwrite false, be taken for it): the messages of one read share an operationId, as a large read " +
             "arrives as several messages. Use metadata.\"event-id\" in it, e.g. join('/', [metadata.objectName, time.date, metadata.\"event-id\"]).",
             .. Actions.Select(action =>
                 $"lake: warning: Ampersand's example {action} message (contracts/examples/webhook-{action}.json) gets no key: Object key: Destination 'lake': " +
                 "object key template join('/', [metadata.objectname]) failed: Error: invalid-type, function join expects an array of string: " +
                 "metadata.objectname is null (did you mean metadata.objectName? names are case-sensitive). Fix the template or the message.")],
            warnings);
    }

    [Fact]
    public async Task The_default_template_gets_no_warning() =>
        Assert.DoesNotContain("warning", (await CheckAsync(Destination("lake", bucket.Name))).Out, StringComparison.Ordinal);

    [Fact]
    public async Task The_ingress_exchange_is_reported_routing_to_the_ingress_queue_and_its_probe_is_dropped_unwritten_by_the_worker()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        (string, string)[] ingress = [("Ingress:Exchange", $"ampersand-{id}"), ("Ingress:Queue", $"it-{id}-ingress")];
        await using var broker = await Broker.ConnectAsync();
        var worker = await WorkerHost.StartAsync(bucket.Name, ingress);
        try
        {
            var result = await CheckAsync(Destination("lake", bucket.Name).Concat(ingress.Select(setting => KeyValuePair.Create(setting.Item1, (string?)setting.Item2))));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(
                $"Ingress: exchange 'ampersand-{id}' routes to queue 'it-{id}-ingress' (binding key '#'): a probe with routing key 's3consumer-check' was taken.",
                result.Out, StringComparison.Ordinal);
            await broker.WaitUntilEmptyAsync($"it-{id}-ingress");
            Assert.Equal(0u, await broker.CountAsync($"it-{id}-ingress_error"));
            Assert.All(await bucket.KeysAsync(), key => Assert.StartsWith("s3consumer-check/", key, StringComparison.Ordinal));
        }
        finally
        {
            await worker.DisposeAsync();
            await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue, $"it-{id}-ingress");
            await broker.DeleteExchangeAsync($"ampersand-{id}");
        }
    }

    [Fact]
    public async Task An_ingress_exchange_that_is_missing_or_routes_nowhere_fails_the_check_saying_what_to_do()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"ampersand-{id}", $"it-{id}-ingress");
        var settings = Destination("lake", bucket.Name).Concat([new("Ingress:Exchange", exchange), new("Ingress:Queue", queue)]).ToList();
        await using var broker = await Broker.ConnectAsync();
        try
        {
            var missing = await CheckAsync(settings);
            await broker.DeclareQueueAsync(queue);
            await broker.BindAsync(exchange, queue, "another-key");
            var unbound = await CheckAsync(settings);

            Assert.Equal(1, missing.ExitCode);
            Assert.Contains(
                $"Ingress: exchange '{exchange}' does not exist, so RabbitMQ refuses what Ampersand publishes to it: start the worker, which declares it (topic, durable), or create it.",
                missing.Out, StringComparison.Ordinal);
            Assert.Equal(1, unbound.ExitCode);
            Assert.Contains(
                $"Ingress: exchange '{exchange}' routes a message with routing key 's3consumer-check' to no queue, so Ampersand's messages are dropped: " +
                $"queue '{queue}' is not bound to it with routing key '#'; start the worker, which binds it.",
                unbound.Out, StringComparison.Ordinal);
        }
        finally
        {
            await broker.DeleteQueuesAsync(queue);
            await broker.DeleteExchangeAsync(exchange);
        }
    }

    private static Task<ToolResult> CheckAsync(IEnumerable<KeyValuePair<string, string?>> settings, params string[] names) =>
        ToolRun.InvokeAsync(["check", .. names, "--set", "S3:MaxRetryAttempts=1", .. ToolRun.Set(settings)]);

    private static IEnumerable<KeyValuePair<string, string?>> Destination(string name, string bucketName, Uri? serviceUrl = null) =>
        WorkerHost.Destination(name, bucketName)
            .Select(setting => setting.Key.EndsWith(":ServiceUrl", StringComparison.Ordinal) && serviceUrl is not null
                ? KeyValuePair.Create(setting.Key, (string?)serviceUrl.ToString())
                : setting);
}
