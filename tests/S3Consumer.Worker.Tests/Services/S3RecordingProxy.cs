using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace S3Consumer.Worker.Tests.Services;

/// <summary>
/// Stands where S3 would: checks each PutObject as S3 does (<see cref="S3RequestCheck"/>: time, signature with the keys
/// it is given, payload hash and checksum) and refuses it as S3 would when it is wrong; records each one it takes as the
/// worker sent it (the key id it was signed with and every header), then writes the object to the test S3 server
/// itself. s3rver takes only its own key, and it does not implement KMS, ACLs or checksums of every kind; so the proxy
/// re-signs the write with that key and passes on the body, content type and user metadata alone.
/// </summary>
internal sealed class S3RecordingProxy : IAsyncDisposable
{
    private readonly AmazonS3Client s3 = TestServices.CreateS3Client();
    private readonly S3RequestCheck check;
    private WebApplication app = null!;

    private S3RecordingProxy(Func<string, string?> secretOf) => check = new S3RequestCheck(secretOf);

    public Uri Url => app.Url();

    public ConcurrentQueue<RecordedPut> Puts { get; } = new();

    /// <summary>Requests the proxy refused, as S3 would have: each one's code.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Starts a proxy that takes PUTs signed with the keys <paramref name="secretOf"/> knows (s3rver's by default).</summary>
    public static async Task<S3RecordingProxy> StartAsync(Func<string, string?>? secretOf = null)
    {
        var proxy = new S3RecordingProxy(secretOf ?? (keyId => keyId == TestServices.S3Key ? TestServices.S3Key : null));
        proxy.app = await LocalHttpServer.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    /// <summary>The PUTs of one object key, in the order they came.</summary>
    public IReadOnlyList<RecordedPut> PutsOf(string key) => [.. Puts.Where(put => put.Key == key)];

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.Split('/', 3);
        if (!HttpMethods.IsPut(context.Request.Method) || path.Length < 3)
        {
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return;
        }

        var (bucket, key) = (path[1], Uri.UnescapeDataString(path[2]));
        var headers = context.Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
        var keyId = S3RequestCheck.KeyIdOf(context.Request);
        if (check.Authenticate(context.Request, DateTimeOffset.UtcNow) is { } refused)
        {
            Refused.Enqueue(refused.Code);
            await refused.AnswerAsync(context);
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (S3RequestCheck.Payload(context.Request, body.GetBuffer().AsSpan(0, (int)body.Length)) is { } wrong)
        {
            Refused.Enqueue(wrong.Code);
            await wrong.AnswerAsync(context);
            return;
        }

        body.Position = 0;

        var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = context.Request.ContentType };
        foreach (var (name, value) in headers.Where(header => header.Key.StartsWith("x-amz-meta-", StringComparison.Ordinal)))
        {
            request.Metadata.Add(name, value);
        }

        var written = await s3.PutObjectAsync(request, context.RequestAborted);
        Puts.Enqueue(new RecordedPut(bucket, key, keyId, headers));
        context.Response.Headers.ETag = written.ETag;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        s3.Dispose();
    }
}

/// <summary>A PutObject as the worker sent it; header names in lower case.</summary>
internal sealed record RecordedPut(string Bucket, string Key, string AccessKeyId, IReadOnlyDictionary<string, string> Headers);
