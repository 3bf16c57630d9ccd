using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flock.Actors.Tests.Cluster.Support;

namespace Flock.Actors.Tests.Cluster;

/// <summary>
/// Akka.Remote with TLS between real processes: a node given the learner's certificate joins and trains; a
/// node with a certificate of its own is refused at the handshake, and the learner carries on.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TlsClusterTests : IAsyncLifetime
{
    private const string Password = "tls-test-secret";
    private static readonly Dictionary<string, string> PasswordVariable = new() { ["FLOCK_TLS_PASSWORD"] = Password };
    private readonly ClusterTestBed _bed = ClusterTestBed.Create("tls");
    private readonly string _certificates = Directory.CreateTempSubdirectory("flock-tls-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        Directory.Delete(_certificates, recursive: true);
    }

    [Fact]
    public async Task A_node_with_the_learners_certificate_trains_and_a_node_with_another_is_refused_while_the_learner_carries_on()
    {
        var shared = WriteSelfSigned("flock-cluster");
        var stranger = WriteSelfSigned("stranger");
        var learner = _bed.Start("learner", ClusterArgs.Learner(_bed.Seed, _bed.RunDir, 120, "--tls-cert", shared), environment: PasswordVariable);
        await learner.WaitForAsync("(TLS)");
        var intruder = _bed.Start("intruder", ClusterArgs.Node(_bed.Seed, "intruder", "--tls-cert", stranger, "--max-seconds", "15"), environment: PasswordVariable);
        var a = _bed.Start("node a", ClusterArgs.Node(_bed.Seed, "a", "--tls-cert", shared), environment: PasswordVariable);
        await learner.WaitForAsync("node a joined");
        await learner.WaitUntilAsync(() => MetricsFile.Last(_bed.RunDir) is { } r && MetricsFile.Number(r, "updates") > 50 && MetricsFile.Number(r, "nodes") == 1, "training with node a over TLS");

        // The stranger never got in: it gives up at its --max-seconds without a join.
        await intruder.ExpectExitAsync(0);
        Assert.Equal(0, intruder.JsonResult().GetProperty("joins").GetInt32());
        Assert.DoesNotContain("node intruder joined", learner.StdErr, StringComparison.Ordinal);
        Assert.Contains("refused a TLS peer", learner.StdErr + intruder.StdErr, StringComparison.Ordinal);

        learner.Terminate();
        await learner.ExpectExitAsync(0);
        Assert.Equal("interrupted", learner.JsonResult().GetProperty("stop_reason").GetString());
        a.Terminate();
        await a.ExpectExitAsync(0);
        var everything = learner.StdErr + a.StdErr + intruder.StdErr + await File.ReadAllTextAsync(Path.Combine(_bed.RunDir, "config.json"));
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
    }

    /// <summary>A self-signed certificate for client and server authentication, as a password-protected .pfx.</summary>
    private string WriteSelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(_certificates, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
