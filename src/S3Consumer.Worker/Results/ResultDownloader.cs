using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using S3Consumer.Core;

namespace S3Consumer.Worker.Results;

/// <summary>
/// Fetches a result Ampersand sends by URL (<c>resultInfo.downloadUrl</c>, signed for 15 minutes): over HTTPS only, from
/// a host of <c>Results:AllowedHosts</c>, following redirects only within that host, at most <c>Results:MaxBytes</c>,
/// into a temporary file. The URL's query string is its signature, a credential: no reason, log line or span shows it
/// (reasons name the host only; the HTTP client's logging is off and its spans redact queries).
/// </summary>
public sealed partial class ResultDownloader(
    IHttpClientFactory clients, ResultHosts hosts, IOptions<ResultsOptions> options, ILogger<ResultDownloader> logger)
{
    public const string ClientName = "results";

    private const int MaxRedirects = 5;

    // The URL lives 15 minutes; a download still going after 10 is tried again while it may still work.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private readonly long maxBytes = options.Value.MaxBytes;

    /// <summary>
    /// The records at <paramref name="downloadUrl"/>. Throws <see cref="UndeliverableMessageException"/> where they can
    /// never be fetched, and <see cref="ResultUnavailableException"/> where trying again may work.
    /// </summary>
    public async Task<DownloadedRecords> DownloadAsync(string? downloadUrl, CancellationToken cancellationToken)
    {
        var url = Check(downloadUrl);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var client = clients.CreateClient(ClientName);
        for (var redirects = 0; ; redirects++)
        {
            using var response = await SendAsync(client, url, deadline.Token, cancellationToken).ConfigureAwait(false);
            if (Redirect(response, url) is not { } next)
            {
                return await SaveAsync(response, url.IdnHost, deadline.Token, cancellationToken).ConfigureAwait(false);
            }

            url = redirects < MaxRedirects ? next : throw Refused($"{url.IdnHost} redirected more than {MaxRedirects} times.");
        }
    }

    private Uri Check(string? downloadUrl)
    {
        if (string.IsNullOrWhiteSpace(downloadUrl))
        {
            throw Refused("resultInfo.type is 'url' but resultInfo.downloadUrl is missing: the message cannot be written without its records.");
        }

        if (!Uri.TryCreate(downloadUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            throw Refused("resultInfo.downloadUrl is not an https URL: the worker fetches results over HTTPS only.");
        }

        return hosts.IsEmpty
            ? throw Refused($"resultInfo.downloadUrl is on host '{url.IdnHost}', but Results:AllowedHosts is empty: list the hosts Ampersand's download URLs come from.")
            : hosts.Match(url.IdnHost) == HostListing.NotListed
                ? throw Refused($"host '{url.IdnHost}' of resultInfo.downloadUrl is not in Results:AllowedHosts ({hosts}): add it if Ampersand's results come from it.")
                : url;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri url, CancellationToken deadline, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline).ConfigureAwait(false);
        }
        catch (HttpRequestException error) when (error.InnerException is ForbiddenAddressException forbidden)
        {
            throw Refused(forbidden.Message);
        }
        catch (HttpRequestException error)
        {
            throw new ResultUnavailableException($"result download: {url.IdnHost} could not be reached ({error.HttpRequestError}); it will be tried again.", error);
        }
        catch (OperationCanceledException error) when (!stopping.IsCancellationRequested)
        {
            throw TimedOut(url.IdnHost, error);
        }
    }

    // The next URL of a redirect within the same host; null where the response is not a redirect.
    private static Uri? Redirect(HttpResponseMessage response, Uri url)
    {
        if ((int)response.StatusCode is < 300 or > 399 || response.StatusCode == HttpStatusCode.NotModified)
        {
            return null;
        }

        var next = response.Headers.Location is { } location
            ? new Uri(url, location)
            : throw Refused($"{url.IdnHost} answered {(int)response.StatusCode} without a Location.");
        return next.Scheme == Uri.UriSchemeHttps && string.Equals(next.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
            ? next
            : throw Refused($"{url.IdnHost} redirected to another host ('{next.IdnHost}', {next.Scheme}); the worker follows redirects only within the listed host.");
    }

    private async Task<DownloadedRecords> SaveAsync(HttpResponseMessage response, string host, CancellationToken deadline, CancellationToken stopping)
    {
        var status = (int)response.StatusCode;
        if (status is 400 or 401 or 403 or 404 or 410)
        {
            throw Refused($"{host} answered {status} {response.ReasonPhrase}: the download URL has expired (Ampersand signs it for 15 minutes) " +
                          "or was refused. Consume messages sooner, and have Ampersand read the object again.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ResultUnavailableException($"result download: {host} answered {status} {response.ReasonPhrase}; it will be tried again.");
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(host, declared);
        }

        var records = DownloadedRecords.Create();
        try
        {
            await CopyAsync(response.Content, records, host, deadline, stopping).ConfigureAwait(false);
            LogDownloaded(logger, records.Length, host);
            return records;
        }
        catch
        {
            records.Dispose();
            throw;
        }
    }

    // Streams the body to the file, checking its size and that it is a JSON array as it arrives.
    private async Task CopyAsync(HttpContent content, DownloadedRecords records, string host, CancellationToken deadline, CancellationToken stopping)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            using var check = new RecordsDocumentCheck();
            var body = await content.ReadAsStreamAsync(deadline).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                for (int read; (read = await body.ReadAsync(buffer, deadline).ConfigureAwait(false)) > 0;)
                {
                    if (records.Length + read > maxBytes)
                    {
                        throw TooLarge(host, declared: null);
                    }

                    await records.AppendAsync(buffer.AsMemory(0, read), deadline).ConfigureAwait(false);
                    check.Append(buffer.AsSpan(0, read));
                }
            }

            check.Complete();
        }
        catch (FormatException notRecords)
        {
            throw Refused($"the document from {host} {notRecords.Message}: it must be a JSON array of records, as result holds.");
        }
        catch (OperationCanceledException error) when (!stopping.IsCancellationRequested)
        {
            throw TimedOut(host, error);
        }
        catch (Exception error) when (error is IOException or HttpRequestException)
        {
            throw new ResultUnavailableException(
                $"result download: the connection to {host} broke during the download ({error.GetType().Name}); it will be tried again.", error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private UndeliverableMessageException TooLarge(string host, long? declared) =>
        Refused((declared is { } size ? $"{host} sends {size} bytes, more than" : $"{host} sends more than") +
                $" Results:MaxBytes ({maxBytes} bytes) allows: raise Results:MaxBytes to take this result.");

    private static ResultUnavailableException TimedOut(string host, Exception error) =>
        new($"result download: {host} took longer than {Timeout.TotalMinutes:0} minutes; it will be tried again.", error);

    private static UndeliverableMessageException Refused(string message) =>
        new(UndeliverableReason.ResultDownload, message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Downloaded a result of {Bytes} bytes from {Host}")]
    private static partial void LogDownloaded(ILogger logger, long bytes, string host);
}
