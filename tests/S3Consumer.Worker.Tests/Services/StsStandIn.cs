using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Answers STS AssumeRole (the query API, in XML) as AWS does, handing out a new key id each call
/// (<c>ASSUMED1</c>, <c>ASSUMED2</c>, ...) that expires after <see cref="Lifetime"/>; records what was asked.
/// </summary>
internal sealed class StsStandIn : IAsyncDisposable
{
    private WebApplication app = null!;
    private int issued;

    private StsStandIn(TimeSpan lifetime) => Lifetime = lifetime;

    public Uri Url => app.Url();

    public TimeSpan Lifetime { get; }

    public ConcurrentQueue<AssumeRoleCall> Calls { get; } = new();

    /// <summary>The secret of a key id the stand-in hands out, as S3 knows it; null for any other key id.</summary>
    public static string? SecretOf(string keyId) => keyId.StartsWith("ASSUMED", StringComparison.Ordinal) ? $"secret-of-{keyId}" : null;

    public static async Task<StsStandIn> StartAsync(TimeSpan lifetime)
    {
        var sts = new StsStandIn(lifetime);
        sts.app = await LocalHttpServer.StartAsync(sts.HandleAsync);
        return sts;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["Action"] != "AssumeRole")
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"The stand-in answers AssumeRole only, not {form["Action"]}.");
            return;
        }

        var call = new AssumeRoleCall(
            S3RequestCheck.KeyIdOf(context.Request),
            form["RoleArn"].ToString(), form["RoleSessionName"].ToString(), form["ExternalId"].ToString(),
            $"ASSUMED{Interlocked.Increment(ref issued)}", DateTimeOffset.UtcNow + Lifetime);
        Calls.Enqueue(call);
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(
            $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{call.IssuedKeyId}</AccessKeyId>
                  <SecretAccessKey>{SecretOf(call.IssuedKeyId)}</SecretAccessKey>
                  <SessionToken>token-of-{call.IssuedKeyId}</SessionToken>
                  <Expiration>{call.Expiration.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/writer/{call.RoleSessionName}</Arn>
                  <AssumedRoleId>AROAEXAMPLE:{call.RoleSessionName}</AssumedRoleId>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>One AssumeRole: who called (the key id it was signed with), what was asked, and what was handed out.</summary>
internal sealed record AssumeRoleCall(string CallerKeyId, string RoleArn, string RoleSessionName, string ExternalId, string IssuedKeyId, DateTimeOffset Expiration);
