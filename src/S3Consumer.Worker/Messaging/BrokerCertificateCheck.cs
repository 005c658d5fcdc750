using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace S3Consumer.Worker.Messaging;

/// <summary>
/// Decides whether the broker's certificate is good: in date, signed by the CA of <c>RabbitMq:Tls:CaFile</c> (or one in
/// the system's trust store when there is no such file) and made out to the expected name; says which it is not.
/// </summary>
public sealed class BrokerCertificateCheck(X509Certificate2Collection? trustedCas, string serverName, TimeProvider time)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Problem(certificate, chain, errors) is null;

    /// <summary>What is wrong with the certificate the broker presented, as one sentence; null when nothing is.</summary>
    public string? Problem(X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the broker sent no certificate.";
        }

        using var certificate = new X509Certificate2(presented);
        var now = time.GetLocalNow().LocalDateTime;
        if (certificate.NotAfter < now)
        {
            return $"the broker's certificate ({certificate.Subject}) expired on {Utc(certificate.NotAfter)}.";
        }

        if (certificate.NotBefore > now)
        {
            return $"the broker's certificate ({certificate.Subject}) is not valid before {Utc(certificate.NotBefore)}.";
        }

        if (trustedCas is null ? errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) : !SignedByTrustedCa(certificate, chain))
        {
            return trustedCas is null
                ? $"the broker's certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not signed by a CA in the system's trust store; set RabbitMq:Tls:CaFile to the CA that signed it."
                : $"the broker's certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not signed by the CA in RabbitMq:Tls:CaFile.";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"the broker's certificate names {string.Join(", ", Names(certificate))}, not {serverName}; connect by one of those names or set RabbitMq:Tls:ServerName.";
        }

        return null;
    }

    /// <summary>The CA file is the only root trusted; intermediates the broker sent along may link to it.</summary>
    private bool SignedByTrustedCa(X509Certificate2 certificate, X509Chain? presentedChain)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetLocalNow().LocalDateTime;
        if (presentedChain is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presentedChain.ChainPolicy.ExtraStore);
        }

        return chain.Build(certificate);
    }

    private static List<string> Names(X509Certificate2 certificate)
    {
        var alternative = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = alternative is null
            ? []
            : alternative.EnumerateDnsNames().Concat(alternative.EnumerateIPAddresses().Select(address => address.ToString())).ToList();
        return names.Count > 0 ? names : [certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)];
    }

    private static string Utc(DateTime local) => local.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
