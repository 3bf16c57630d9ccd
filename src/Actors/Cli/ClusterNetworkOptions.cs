using System.CommandLine;
using Flock.Actors.Cluster;

namespace Flock.Actors.Cli;

/// <summary>
/// The network flags both cluster commands take: <c>--listen</c>, <c>--public-host</c>, <c>--tls-cert</c>,
/// <c>--insecure</c>. Binding anything but loopback needs TLS, or an explicit <c>--insecure</c> (then it warns).
/// </summary>
public sealed class ClusterNetworkOptions
{
    private readonly string _defaultListen;

    public ClusterNetworkOptions(string defaultListen, string listenDescription)
    {
        _defaultListen = defaultListen;
        Listen = new Option<string>("--listen") { Description = $"{listenDescription} (default {defaultListen})", HelpName = "HOST:PORT" };
    }

    public Option<string> Listen { get; }

    public Option<string> PublicHost { get; } = new("--public-host") { Description = "the name or address other nodes reach this node by (default: the --listen host)", HelpName = "NAME" };

    public Option<string> TlsCert { get; } = new("--tls-cert") { Description = $"PKCS#12 file with this node's certificate (password in {ClusterTls.PasswordVariable}); nodes accept only this certificate or ones signed by a CA in the file", HelpName = "FILE.pfx" };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "allow plain TCP on a non-loopback address (a trusted network only: anyone who reaches the port can join)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Listen);
        command.Options.Add(PublicHost);
        command.Options.Add(TlsCert);
        command.Options.Add(Insecure);
    }

    /// <summary>The node's settings; usage errors (exit 2) name the bad value and what is allowed.</summary>
    public ClusterNodeSettings Resolve(ParseResult parse, string role, ClusterEndpoint? seed, TextWriter log)
    {
        var listen = ClusterEndpoint.Parse("--listen", parse.GetValue(Listen) ?? _defaultListen, ClusterEndpoint.DefaultPort, allowAnyPort: role == ClusterRoles.Actors);
        var publicHost = parse.GetValue(PublicHost) is { Length: > 0 } host ? ClusterEndpoint.Parse("--public-host", host, 1, allowAnyPort: false).Host : null;
        var certificate = parse.GetValue(TlsCert);
        var insecure = parse.GetValue(Insecure);
        if (certificate is not null && insecure)
        {
            throw new UsageException("--tls-cert and --insecure: give one or the other, not both");
        }

        var tls = certificate is null ? null : ClusterTls.Load(certificate);
        if (tls is null && !listen.IsLoopback)
        {
            if (!insecure)
            {
                throw new UsageException($"--listen {listen}: binding beyond loopback needs TLS: add --tls-cert FILE.pfx (password in {ClusterTls.PasswordVariable}), or --insecure on a network you trust");
            }

            log.WriteLine($"flockrl: WARNING: --insecure: Akka.Remote listens on {listen} without TLS; anyone who can reach that port can join this cluster and send it messages");
        }

        if (publicHost is null && listen.Host is "0.0.0.0" or "::")
        {
            throw new UsageException($"--listen {listen}: binds every interface, so it names no address other nodes can use; add --public-host NAME (this machine's name or address as the other nodes reach it; actor nodes must --join exactly that name)");
        }

        var reachable = seed ?? listen;
        if (role == ClusterRoles.Actors && seed is { IsLoopback: false } && listen.IsLoopback && publicHost is null)
        {
            throw new UsageException($"--join {seed}: the learner is on another machine, but this node listens on {listen}, where the learner cannot connect back to it; add --listen 0.0.0.0:0 --public-host <this machine's address> (with --tls-cert or --insecure)");
        }

        // The learner is its own seed: the address actor nodes use to reach it.
        var seedEndpoint = role == ClusterRoles.Learner ? new ClusterEndpoint(publicHost ?? reachable.Host, listen.Port) : reachable;
        return new ClusterNodeSettings(role, listen, publicHost, seedEndpoint, tls);
    }
}
