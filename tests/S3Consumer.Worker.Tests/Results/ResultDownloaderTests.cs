using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using S3Consumer.Core;
using S3Consumer.Worker.Results;
using S3Consumer.Worker.Tests.Services;

namespace S3Consumer.Worker.Tests.Results;

/// <summary>The worker's downloader, wired as the worker wires it, refusing before any byte goes out.</summary>
public sealed class ResultDownloaderTests : IAsyncLifetime
{
    private TestCertificateAuthority authority = null!;
    private HttpsServer server = null!;

    public async Task InitializeAsync()
    {
        authority = TestCertificateAuthority.Create();
        server = await HttpsServer.StartAsync(authority.Server, app => app.Run(context => context.Response.WriteAsync("[]")));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        authority.Dispose();
    }

    [Fact]
    public async Task With_no_allowed_hosts_the_reason_names_the_setting()
    {
        var error = await DownloadAsync(server.Url("localhost", "/records?X-Amz-Signature=SENTINEL"));

        Assert.Equal(
            "Result download: resultInfo.downloadUrl is on host 'localhost', but Results:AllowedHosts is empty: list the hosts Ampersand's download URLs come from.",
            error.Message);
    }

    [Fact]
    public async Task Host_listed_through_a_pattern_is_not_connected_to_at_a_loopback_address()
    {
        // 127.0.0.1 matches the pattern *.0.0.1 the way a.example.com matches *.example.com; the address it is reached
        // at is checked when the connection is made.
        var error = await DownloadAsync(server.Url("127.0.0.1", "/records?X-Amz-Signature=SENTINEL"), ("Results:AllowedHosts:0", "*.0.0.1"));

        Assert.Equal(
            "Result download: host '127.0.0.1' resolves only to loopback, private or link-local addresses (127.0.0.1): list it by name in Results:AllowedHosts if results are really served from there.",
            error.Message);
        Assert.Equal(0, server.Requests);
    }

    [Theory]
    [InlineData("http://localhost/records", "Result download: resultInfo.downloadUrl is not an https URL: the worker fetches results over HTTPS only.")]
    [InlineData("/records", "Result download: resultInfo.downloadUrl is not an https URL: the worker fetches results over HTTPS only.")]
    [InlineData("", "Result download: resultInfo.type is 'url' but resultInfo.downloadUrl is missing: the message cannot be written without its records.")]
    public async Task Url_that_is_not_https_or_missing_is_refused(string url, string says)
    {
        var error = await DownloadAsync(url, ("Results:AllowedHosts:0", "localhost"));

        Assert.Equal((UndeliverableReason.ResultDownload, says), (error.Reason, error.Message));
    }

    private static async Task<UndeliverableMessageException> DownloadAsync(string url, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
            .Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddResults().BuildServiceProvider();
        return await Assert.ThrowsAsync<UndeliverableMessageException>(() =>
            services.GetRequiredService<ResultDownloader>().DownloadAsync(url, CancellationToken.None));
    }
}
