using System.Globalization;
using System.Net;
using Flock.Actors.Cli;

namespace Flock.Actors.Cluster;

/// <summary>A <c>HOST:PORT</c> of a cluster flag (<c>--listen</c>, <c>--join</c>), checked as the user typed it.</summary>
/// <param name="Host">A host name or an IP address (IPv6 in brackets on the command line).</param>
/// <param name="Port">0 (any free port, <c>--listen</c> only) to 65535.</param>
public readonly record struct ClusterEndpoint(string Host, int Port)
{
    /// <summary>The learner's port when a flag names none: the port Akka.Cluster examples use.</summary>
    public const int DefaultPort = 4053;

    /// <summary>Whether the endpoint is reachable only from this machine (no TLS needed to bind it).</summary>
    public bool IsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// Parses <paramref name="value"/> for <paramref name="flag"/>: <c>HOST:PORT</c>, <c>HOST</c> (port
    /// <paramref name="defaultPort"/>) or <c>[v6]:PORT</c>; a <see cref="UsageException"/> naming the value and what is allowed.
    /// </summary>
    public static ClusterEndpoint Parse(string flag, string value, int defaultPort, bool allowAnyPort)
    {
        var text = value.Trim();
        string host;
        var portText = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            var rest = close > 0 ? text[(close + 1)..] : "";
            portText = rest.StartsWith(':') ? rest[1..] : "";

            // Anything after the bracket but a port ("[::1]x") is not silently dropped.
            host = close > 1 && (rest.Length == 0 || rest.StartsWith(':')) ? text[1..close] : "";
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon >= 0 ? text[..colon] : text;
            portText = colon >= 0 ? text[(colon + 1)..] : "";
            if (host.Contains(':', StringComparison.Ordinal))
            {
                // "::1" or "fe80::1:4053" would otherwise read as host ":" or "fe80::1" and a port.
                throw new UsageException($"{flag} {value}: an IPv6 address goes in brackets, [ADDRESS]:PORT, e.g. {flag} [::1]:{DefaultPort}");
            }
        }

        var minimum = allowAnyPort ? 0 : 1;
        var port = defaultPort;
        if (portText.Length > 0 && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < minimum || port > 65535))
        {
            throw new UsageException($"{flag} {value}: the port must be a number in {minimum}..65535, e.g. {flag} 10.0.0.5:{DefaultPort}");
        }

        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '"'))
        {
            throw new UsageException($"{flag} {value}: expected HOST:PORT (a host name or IP address, then a port), e.g. {flag} 10.0.0.5:{DefaultPort}");
        }

        return new ClusterEndpoint(host, port);
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
