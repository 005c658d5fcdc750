using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// The container credentials endpoint EKS Pod Identity and ECS give a pod (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>):
/// it hands out a role's credentials (<c>CONTAINER1</c>, <c>CONTAINER2</c>, ...) to a caller that shows the token of
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>, as AWS's agent does, and refuses any other.
/// </summary>
internal sealed class ContainerCredentialsStandIn : IAsyncDisposable
{
    private readonly string token = $"pod-token-{Guid.NewGuid():N}";
    private WebApplication app = null!;
    private int issued;

    private ContainerCredentialsStandIn(string tokenFile) => TokenFile = tokenFile;

    /// <summary>The file that holds the token a caller must show.</summary>
    public string TokenFile { get; }

    /// <summary>The credentials endpoint.</summary>
    public Uri Url => new(app.Url(), "/v1/credentials");

    /// <summary>The key ids handed out, in order.</summary>
    public ConcurrentQueue<string> Issued { get; } = new();

    /// <summary>Requests refused for a missing or wrong token.</summary>
    public int Refused;

    /// <summary>The secret of a key id the stand-in hands out, as S3 knows it; null for any other key id.</summary>
    public static string? SecretOf(string keyId) => keyId.StartsWith("CONTAINER", StringComparison.Ordinal) ? $"secret-of-{keyId}" : null;

    public static async Task<ContainerCredentialsStandIn> StartAsync()
    {
        var standIn = new ContainerCredentialsStandIn(Path.Combine(Path.GetTempPath(), $"s3consumer-pod-token-{Guid.NewGuid():N}"));
        await File.WriteAllTextAsync(standIn.TokenFile, standIn.token);
        standIn.app = await LocalHttpServer.StartAsync(standIn.HandleAsync);
        return standIn;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != token)
        {
            Interlocked.Increment(ref Refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var keyId = $"CONTAINER{Interlocked.Increment(ref issued)}";
        Issued.Enqueue(keyId);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["AccessKeyId"] = keyId,
            ["SecretAccessKey"] = SecretOf(keyId)!,
            ["Token"] = $"token-of-{keyId}",
            ["Expiration"] = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        File.Delete(TokenFile);
    }
}
