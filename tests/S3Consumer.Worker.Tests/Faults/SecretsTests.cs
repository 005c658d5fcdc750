using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>No secret appears in any log line, span, error or held message's headers, or readiness report, whatever goes right or wrong.</summary>
[Collection(RealServices.Name)]
public sealed class SecretsTests : IAsyncLifetime
{
    private const string SecretKey = "SENTINEL-secret-access-key-7f3a";
    private const string SessionToken = "SENTINEL-session-token-91bc";
    private const string BrokerPassword = "SENTINEL-rabbit-password-c0de";
    // A user of this run's own: one left behind by a run that was killed cannot make add_user fail.
    private readonly string brokerUser = $"s3consumer-secrets-test-{Guid.NewGuid():N}"[..32];
    private const string UrlPassword = "SENTINEL-url-password-5e1d";
    private TestBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = await TestBed.CreateAsync();
        await RabbitCtlAsync("add_user", brokerUser, BrokerPassword);
        await RabbitCtlAsync("set_permissions", "-p", "/", brokerUser, ".*", ".*", ".*");
        bed.With(("RabbitMq:Username", brokerUser), ("RabbitMq:Password", BrokerPassword),
                ("Destinations:lake:SecretAccessKey", SecretKey), ("Destinations:lake:SessionToken", SessionToken))
            .WithDestination("locked", bed.Bucket.Name).With(("Destinations:locked:AccessKeyId", "NOT-S3RVER"), ("Destinations:locked:SecretAccessKey", SecretKey))
            .WithDestination("userinfo", bed.Bucket.Name).With(("Destinations:userinfo:ServiceUrl", $"http://s3consumer:{UrlPassword}@{TestServices.S3Url.Authority}/"))
            .With(("Logging:LogLevel:Default", "Trace"), ("Logging:LogLevel:MassTransit", "Trace"), ("Logging:LogLevel:Microsoft", "Trace"));
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await RabbitCtlAsync("delete_user", brokerUser);
    }

    [Fact]
    public async Task Sentinel_secrets_never_appear_in_logs_spans_or_error_queues()
    {
        using var captured = new CapturedTelemetry();
        var errorHeaders = new StringBuilder();
        string health;
        await using (var worker = await WorkerHost.StartAsync(bed.Settings, builder => builder.Logging.AddProvider(captured)))
        {
            using var readiness = Readiness.Of(worker);
            foreach (var destination in new[] { "lake", "locked", "userinfo", "nowhere" })
            {
                await bed.Broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = destination }, messageId: destination);
            }

            await bed.Bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_lake.json");
            health = (await readiness.WaitForAsync((_, report) => Readiness.Field(report, "s3:locked", "code") == "InvalidAccessKeyId", "s3:locked unavailable")).Body;
            foreach (var queue in new[] { $"{worker.ReadQueue}_error", HoldingQueues.Name(worker.ReadQueue, "locked") })
            {
                var failed = await bed.Broker.TakeAsync(queue);
                errorHeaders.AppendJoin('\n', failed.BasicProperties.Headers!.Select(header => $"{header.Key}={Broker.Header(failed, header.Key)}"));
            }
        }

        var startupFailure = await StartupFailureAsync(bed.Settings);
        var everything = string.Join('\n', captured.Lines) + errorHeaders + health + startupFailure;

        Assert.Contains("Destination locked is unavailable (InvalidAccessKeyId)", everything, StringComparison.Ordinal);
        Assert.Contains(HoldingQueues.HeldSinceHeader, everything, StringComparison.Ordinal);
        Assert.Contains("is not configured", everything, StringComparison.Ordinal);
        Assert.Contains("go together", startupFailure, StringComparison.Ordinal);
        Assert.True(captured.Lines.Count > 50, $"Only {captured.Lines.Count} lines were captured.");
        foreach (var secret in new[] { SecretKey, SessionToken, BrokerPassword, UrlPassword })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    // A configuration with a secret and no key id stops the worker at start; the reason must not quote the secret.
    private static async Task<string> StartupFailureAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var broken = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase) { ["Destinations:locked:AccessKeyId"] = null };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkerHost.StartAsync(broken));
        return error.Message;
    }

    private static async Task RabbitCtlAsync(params string[] arguments) => await Command.RunCheckedAsync(TimeSpan.FromSeconds(60), "rabbitmqctl", arguments);
}
