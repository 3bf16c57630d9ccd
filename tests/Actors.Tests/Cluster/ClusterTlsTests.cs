using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flock.Actors.Cli;
using Flock.Actors.Cluster;

namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// The trust model of --tls-cert on certificates made here: a node accepts its own certificate, or one signed
/// by a CA that came in its .pfx, and nothing else; a .pfx that cannot be used is a usage error that never
/// shows the password. Runs alone: the password travels in a process-wide environment variable.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ClusterTlsTests : IDisposable
{
    private const string Password = "correct horse battery staple";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("flock-tls-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void A_node_accepts_its_own_certificate_and_no_other_self_signed_one()
    {
        using var own = SelfSigned("CN=flock-node");
        using var stranger = SelfSigned("CN=stranger");
        using var lookalike = SelfSigned("CN=flock-node");
        var tls = Load(Pfx(own));

        Assert.Equal(own.Thumbprint, tls.Thumbprint);
        Assert.True(tls.Accepts(Public(own)));
        Assert.False(tls.Accepts(Public(stranger)));
        Assert.False(tls.Accepts(Public(lookalike)));
        Assert.False(tls.Accepts(null));
    }

    [Fact]
    public void A_node_whose_pfx_holds_a_ca_accepts_leaves_that_ca_signed_and_no_others()
    {
        using var ca = Authority("CN=flock-ca");
        using var otherCa = Authority("CN=other-ca");
        using var own = Leaf("CN=node-a", ca);
        using var sibling = Leaf("CN=node-b", ca);
        using var foreign = Leaf("CN=node-b", otherCa);
        using var expiredSibling = Leaf("CN=node-c", ca, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        using var stranger = SelfSigned("CN=stranger");
        var tls = Load(Pfx(own, Public(ca)));

        Assert.Equal(own.Thumbprint, tls.Thumbprint);
        Assert.True(tls.Accepts(Public(own)));
        Assert.True(tls.Accepts(Public(sibling)));
        Assert.False(tls.Accepts(Public(foreign)));
        Assert.False(tls.Accepts(Public(expiredSibling)));
        Assert.False(tls.Accepts(Public(stranger)));
    }

    [Fact]
    public void A_node_without_a_ca_in_its_pfx_does_not_accept_a_sibling_signed_by_its_own_ca()
    {
        using var ca = Authority("CN=flock-ca");
        using var own = Leaf("CN=node-a", ca);
        using var sibling = Leaf("CN=node-b", ca);
        var tls = Load(Pfx(own));

        Assert.True(tls.Accepts(Public(own)));
        Assert.False(tls.Accepts(Public(sibling)));
    }

    [Fact]
    public void A_wrong_password_is_a_usage_error_that_does_not_show_either_password()
    {
        using var own = SelfSigned("CN=flock-node");
        var path = Pfx(own);
        var error = Assert.Throws<UsageException>(() => Load(path, "hunter2-wrong"));
        Assert.Contains($"--tls-cert {path}", error.Message, StringComparison.Ordinal);
        Assert.Contains(ClusterTls.PasswordVariable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_certificate_is_a_usage_error()
    {
        using var expired = SelfSigned("CN=flock-node", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var path = Pfx(expired);
        var error = Assert.Throws<UsageException>(() => Load(path));
        Assert.Contains($"--tls-cert {path}", error.Message, StringComparison.Ordinal);
        Assert.Contains("not now", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_not_yet_valid_is_a_usage_error()
    {
        using var early = SelfSigned("CN=flock-node", DateTimeOffset.UtcNow.AddDays(2), DateTimeOffset.UtcNow.AddDays(30));
        Assert.Throws<UsageException>(() => Load(Pfx(early)));
    }

    [Fact]
    public void A_pfx_without_a_private_key_is_a_usage_error()
    {
        using var ca = Authority("CN=flock-ca");
        var path = Path.Combine(_directory.FullName, "public-only.pfx");
        File.WriteAllBytes(path, new X509Certificate2Collection(Public(ca)).Export(X509ContentType.Pkcs12, Password)!);
        var error = Assert.Throws<UsageException>(() => Load(path));
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_pkcs12_or_not_there_is_a_usage_error_naming_it()
    {
        var garbage = Path.Combine(_directory.FullName, "garbage.pfx");
        File.WriteAllText(garbage, "-----BEGIN NOTHING-----");
        Assert.Contains(garbage, Assert.Throws<UsageException>(() => Load(garbage)).Message, StringComparison.Ordinal);

        var missing = Path.Combine(_directory.FullName, "missing.pfx");
        Assert.Contains($"--tls-cert {missing}: no such file", Assert.Throws<UsageException>(() => Load(missing)).Message, StringComparison.Ordinal);
    }

    /// <summary>Loads with <paramref name="password"/> in the password variable, restoring what was there.</summary>
    private static ClusterTls Load(string path, string password = Password)
    {
        var before = Environment.GetEnvironmentVariable(ClusterTls.PasswordVariable);
        Environment.SetEnvironmentVariable(ClusterTls.PasswordVariable, password);
        try
        {
            return ClusterTls.Load(path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ClusterTls.PasswordVariable, before);
        }
    }

    private string Pfx(X509Certificate2 own, params X509Certificate2[] authorities)
    {
        var collection = new X509Certificate2Collection(own);
        collection.AddRange(authorities);
        var path = Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, Password)!);
        return path;
    }

    /// <summary>The certificate as a peer presents it: no private key.</summary>
    private static X509Certificate2 Public(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static X509Certificate2 SelfSigned(string subject, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Authority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(365));
    }

    private static X509Certificate2 Leaf(string subject, X509Certificate2 authority, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(authority, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), serial);
        return signed.CopyWithPrivateKey(key);
    }
}
