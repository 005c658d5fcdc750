using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace S3Consumer.Worker.Messaging;

/// <summary>Checks the broker settings at start: the URI, the cluster's nodes, the TLS files and the heartbeat, one clear line each.</summary>
public sealed class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ValidationResults.Of(Problems(options));
    }

    private static IEnumerable<string> Problems(RabbitMqOptions options)
    {
        if (options.Uri is { } uri && UriProblem(uri) is { } problem)
        {
            yield return problem;
        }

        if (!ClusterNodeList.IsValid(options.ClusterNodes))
        {
            yield return ClusterNodeList.Problem;
        }

        if (Ranges.Outside("RabbitMq:Heartbeat", options.Heartbeat, TimeSpan.Zero, TimeSpan.FromSeconds(ushort.MaxValue), "00:00:00 turns it off; e.g. 00:01:00") is { } heartbeat)
        {
            yield return heartbeat;
        }

        var tls = options.Tls;
        var tlsOn = tls.Enabled || string.Equals(options.Uri?.Scheme, "amqps", StringComparison.OrdinalIgnoreCase);
        if (!tlsOn && (tls.CaFile ?? tls.ClientCertFile ?? tls.ClientKeyFile ?? tls.ServerName) is not null)
        {
            yield return "RabbitMq:Tls settings are given but TLS is off: use an amqps:// RabbitMq:Uri or set RabbitMq:Tls:Enabled to true.";
        }

        if (tls.CaFile is { } caFile && PemProblem("RabbitMq:Tls:CaFile", caFile, () => BrokerConnection.TrustedCas(caFile)!.Count) is { } caProblem)
        {
            yield return caProblem;
        }

        if ((tls.ClientCertFile is null) != (tls.ClientKeyFile is null))
        {
            yield return "RabbitMq:Tls:ClientCertFile and RabbitMq:Tls:ClientKeyFile go together: set both (PEM certificate and its key), or neither.";
        }
        else if (tls.ClientCertFile is { } certFile
            && PemProblem("RabbitMq:Tls:ClientCertFile", certFile, () => { using var _ = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certFile, tls.ClientKeyFile); return 1; }) is { } certProblem)
        {
            yield return certProblem;
        }
    }

    /// <summary>RabbitMQ.Client parses the URI; its messages may quote the user info, so they are not passed on.</summary>
    private static string? UriProblem(Uri uri)
    {
        const string Shape = "RabbitMq:Uri must look like amqps://user:password@host:5671/vhost, with / @ : and % in the user, password and vhost percent-encoded";
        if (!uri.IsAbsoluteUri || uri.Scheme is not ("amqp" or "amqps"))
        {
            return $"{Shape}; the scheme must be amqp or amqps.";
        }

        try
        {
            _ = new ConnectionFactory { Uri = uri };
            return null;
        }
        catch (ArgumentException)
        {
            return $"{Shape}.";
        }
    }

    private static string? PemProblem(string key, string path, Func<int> load)
    {
        try
        {
            return load() > 0 ? null : $"{key} '{path}' holds no PEM certificate.";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return $"{key} '{path}' cannot be read as PEM: {error.Message}";
        }
    }
}
