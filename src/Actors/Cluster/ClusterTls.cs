using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Flock.Actors.Cli;

namespace Flock.Actors.Cluster;

/// <summary>
/// TLS for Akka.Remote from <c>--tls-cert FILE.pfx</c> (password in <see cref="PasswordVariable"/>), with
/// mutual authentication. The trust model: a node accepts a peer only if the peer presents the very
/// certificate this node was given (pinned by thumbprint), or one whose chain ends at a CA certificate
/// that came in this node's .pfx beside its own. The operating system's CA store is not consulted, so a
/// certificate from a public CA does not let a stranger join.
/// </summary>
public sealed class ClusterTls
{
    /// <summary>Environment variable holding the .pfx password; never a flag, so it stays out of shell history, ps and config.json.</summary>
    public const string PasswordVariable = "FLOCK_TLS_PASSWORD";

    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _authorities;

    private ClusterTls(string path, X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Path = path;
        _certificate = certificate;
        _authorities = authorities;
    }

    /// <summary>The .pfx this node was given.</summary>
    public string Path { get; }

    /// <summary>The pinned thumbprint: this node's own certificate.</summary>
    public string Thumbprint => _certificate.Thumbprint;

    /// <summary>Loads <paramref name="path"/>; a <see cref="UsageException"/> that names the file and the problem (never the password).</summary>
    public static ClusterTls Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--tls-cert {path}: no such file; allowed: a PKCS#12 (.pfx) file with this node's certificate and private key");
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? "";
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new UsageException($"--tls-cert {path}: cannot be read as PKCS#12 with the password in {PasswordVariable} ({e.Message.Trim()})");
        }

        var own = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new UsageException($"--tls-cert {path}: holds no certificate with a private key; a node must present its own certificate");
        var now = DateTime.Now;
        if (now < own.NotBefore || now > own.NotAfter)
        {
            throw new UsageException($"--tls-cert {path}: the certificate '{own.Subject}' is valid from {own.NotBefore:u} to {own.NotAfter:u}, not now");
        }

        var authorities = new X509Certificate2Collection();
        authorities.AddRange(all.Where(c => !c.HasPrivateKey).ToArray());
        return new ClusterTls(path, own, authorities);
    }

    /// <summary>Akka.Remote's TLS setup: this certificate, mutual authentication, and <see cref="Accepts"/> as the only judge of a peer.</summary>
    public DotNettySslSetup Setup() => new(_certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, Validate);

    /// <summary>Whether a peer presenting <paramref name="peer"/> may talk to this node (see the class remarks).</summary>
    public bool Accepts(X509Certificate2? peer)
    {
        if (peer is null)
        {
            return false;
        }

        if (string.Equals(peer.Thumbprint, _certificate.Thumbprint, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (_authorities.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }

    private bool Validate(X509Certificate2? certificate, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (Accepts(certificate))
        {
            return true;
        }

        log.Warning("refused a TLS peer at {0}: its certificate '{1}' (thumbprint {2}) is neither this node's nor signed by a CA in --tls-cert", remotePeer, certificate?.Subject ?? "none", certificate?.Thumbprint ?? "none");
        return false;
    }
}
