using System.Net;
using Microsoft.Extensions.Options;
using S3Consumer.Worker.Results;

namespace S3Consumer.Worker.Tests.Results;

/// <summary>Which hosts results come from, and which addresses the worker may connect to for them.</summary>
public sealed class ResultHostsTests
{
    private static readonly ResultHosts Hosts = new(Options.Create(new ResultsOptions { AllowedHosts = ["storage.googleapis.com", "*.amazonaws.com", "10.1.2.3"] }));

    [Theory]
    [InlineData("storage.googleapis.com", HostListing.ByName)]
    [InlineData("STORAGE.googleapis.com", HostListing.ByName)]
    [InlineData("10.1.2.3", HostListing.ByName)]
    [InlineData("bucket.s3.us-west-2.amazonaws.com", HostListing.ByPattern)]
    [InlineData("amazonaws.com", HostListing.NotListed)]
    [InlineData("evil-amazonaws.com", HostListing.NotListed)]
    [InlineData("googleapis.com", HostListing.NotListed)]
    [InlineData("storage.googleapis.com.evil.example", HostListing.NotListed)]
    public void Names_match_exactly_and_patterns_match_subdomains_only(string host, HostListing listing)
    {
        Assert.Equal(listing, Hosts.Match(host));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Loopback_private_and_link_local_addresses_are_internal(string address)
    {
        Assert.True(ResultHosts.IsInternal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("52.216.0.1")]
    [InlineData("2607:f8b0::1")]
    [InlineData("::ffff:52.216.0.1")]
    public void Public_addresses_are_not(string address)
    {
        Assert.False(ResultHosts.IsInternal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("bucket.s3.amazonaws.com", "52.216.0.1", true)]
    [InlineData("bucket.s3.amazonaws.com", "169.254.169.254", false)]
    [InlineData("bucket.s3.amazonaws.com", "10.0.0.7", false)]
    [InlineData("storage.googleapis.com", "10.0.0.7", true)]
    [InlineData("10.1.2.3", "10.1.2.3", true)]
    [InlineData("example.com", "93.184.216.34", false)]
    public void Only_a_host_listed_by_name_may_be_reached_at_an_internal_address(string host, string address, bool may)
    {
        Assert.Equal(may, Hosts.MayConnect(host, IPAddress.Parse(address)));
    }

    [Fact]
    public void Options_name_each_entry_that_is_not_a_host_and_a_size_that_is_not_positive()
    {
        var result = new ResultsOptionsValidator().Validate(null, new ResultsOptions
        {
            AllowedHosts = ["storage.googleapis.com", "*.amazonaws.com", "https://storage.googleapis.com/", "host/path", "*."],
            MaxBytes = 0,
        });

        Assert.Equal(
            ["Results:AllowedHosts entry 'https://storage.googleapis.com/' is not a host name: list names such as storage.googleapis.com, or *.example.com for every subdomain of example.com.",
             "Results:AllowedHosts entry 'host/path' is not a host name: list names such as storage.googleapis.com, or *.example.com for every subdomain of example.com.",
             "Results:AllowedHosts entry '*.' is not a host name: list names such as storage.googleapis.com, or *.example.com for every subdomain of example.com.",
             "Results:MaxBytes is 0; it must be between 1 and 9223372036854775807 (the most a downloaded result may hold, in bytes; default 1073741824, 1 GiB)."],
            result.Failures);
    }
}
