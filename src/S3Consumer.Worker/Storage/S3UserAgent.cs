using System.Reflection;

namespace S3Consumer.Worker.Storage;

/// <summary>
/// The <c>User-Agent</c> of every request the worker and the tool make of S3: <c>s3consumer/&lt;version&gt;</c>, the
/// worker's informational version, so that S3's server access logs, CloudTrail, proxies and S3-compatible stores' logs
/// show who wrote.
/// </summary>
public static class S3UserAgent
{
    public static string Value { get; } =
        "s3consumer/" + (typeof(S3UserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
}
