using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Messaging;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Faults;

/// <summary>No secret appears in any log line, span, error or held message's headers, or readiness report, whatever goes right or wrong.</summary>
[Collection(RealServices.Name)]
public sealed class SecretsTests : IAsyncLifetime
{
    private const string SecretKey = "SENTINEL-secret-access-key-7f3a";
    private const string SessionToken = "SENTINEL-session-token-91bc";
    private const string BrokerPassword = "SENTINEL-rabbit-password-c0de";
    private const string BrokerUser = "s3consumer-secrets-test";
    private const string UrlPassword = "SENTINEL-url-password-5e1d";
    private S3Bucket bucket = null!;

    public async Task InitializeAsync()
    {
        bucket = await S3Bucket.CreateAsync();
        await RabbitCtlAsync("add_user", BrokerUser, BrokerPassword);
        await RabbitCtlAsync("set_permissions", "-p", "/", BrokerUser, ".*", ".*", ".*");
    }

    public async Task DisposeAsync()
    {
        await RabbitCtlAsync("delete_user", BrokerUser);
        await bucket.DisposeAsync();
    }

    [Fact]
    public async Task Sentinel_secrets_never_appear_in_logs_spans_or_error_queues()
    {
        using var captured = new CapturedTelemetry();
        var settings = WorkerHost.Settings(bucket.Name,
        [
            ("RabbitMq:Username", BrokerUser),
            ("RabbitMq:Password", BrokerPassword),
            ("Destinations:lake:SecretAccessKey", SecretKey),
            ("Destinations:lake:SessionToken", SessionToken),
            .. WorkerHost.Destination("locked", bucket.Name).Select(setting => (setting.Key, setting.Value!)),
            ("Destinations:locked:AccessKeyId", "NOT-S3RVER"),
            ("Destinations:locked:SecretAccessKey", SecretKey),
            .. WorkerHost.Destination("userinfo", bucket.Name).Select(setting => (setting.Key, setting.Value!)),
            ("Destinations:userinfo:ServiceUrl", $"http://s3consumer:{UrlPassword}@{TestServices.S3Url.Authority}/"),
            ("Logging:LogLevel:Default", "Trace"),
            ("Logging:LogLevel:MassTransit", "Trace"),
            ("Logging:LogLevel:Microsoft", "Trace"),
        ]);
        var errorHeaders = new StringBuilder();
        string health;
        await using (var worker = await WorkerHost.StartAsync(settings, builder => builder.Logging.AddProvider(captured)))
        {
            using var readiness = Readiness.Of(worker);
            await using var broker = await Broker.ConnectAsync();
            foreach (var destination in new[] { "lake", "locked", "userinfo", "nowhere" })
            {
                await broker.PublishRawAsync(worker.ReadQueue, Examples.ReadBody, new Dictionary<string, string> { ["destination"] = destination }, messageId: destination);
            }

            await bucket.WaitForObjectAsync("2025-10-14T02:58:59.323405308Z_lake.json");
            health = (await readiness.WaitForAsync((_, report) => Readiness.Field(report, "s3:locked", "code") == "InvalidAccessKeyId", "s3:locked unavailable")).Body;
            foreach (var queue in new[] { $"{worker.ReadQueue}_error", HoldingQueues.Name(worker.ReadQueue, "locked") })
            {
                var failed = await broker.TakeAsync(queue);
                errorHeaders.AppendJoin('\n', failed.BasicProperties.Headers!.Select(header => $"{header.Key}={Broker.Header(failed, header.Key)}"));
            }

            await broker.DeleteQueuesAsync(worker.ReadQueue, worker.SubscribeQueue);
            await broker.DeleteHoldingQueuesAsync(worker.ReadQueue, "locked", "userinfo");
        }

        var startupFailure = await StartupFailureAsync(settings);
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
    private static async Task<string> StartupFailureAsync(Dictionary<string, string?> settings)
    {
        var broken = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase) { ["Destinations:locked:AccessKeyId"] = null };
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkerHost.StartAsync(broken));
        return error.Message;
    }

    private static async Task RabbitCtlAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
    }
}
