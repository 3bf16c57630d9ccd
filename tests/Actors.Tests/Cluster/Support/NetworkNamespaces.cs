using System.Diagnostics;
using System.Globalization;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// Network namespaces, each joined to this host's namespace by a veth pair with its own /30 addresses
/// (host end 10.199.N.1, namespace end 10.199.N.2), so processes inside reach this machine (and,
/// through it, the other namespaces' host ends) across a real network path. Needs root and iproute2; removes every namespace and
/// link it made on dispose, and leftovers of an earlier crashed run on creation.
/// </summary>
public sealed class NetworkNamespaces : IDisposable
{
    private const string Prefix = "flockt";

    private readonly List<string> _names = [];

    /// <summary>Why namespaces cannot be made here; null when they can.</summary>
    public static string? WhyUnavailable()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "network namespaces need root on Linux";
        }

        return Run(true, "ip", "netns", "list").Code == 0 ? null : "the ip command (iproute2) is missing";
    }

    /// <summary>Creates namespace number <paramref name="index"/> (1..250) and returns its name and the host address it reaches this machine on.</summary>
    public (string Name, string HostAddress) Add(int index)
    {
        var name = $"{Prefix}{index}";
        var host = $"vh{Prefix}{index}";
        var inside = $"vn{Prefix}{index}";
        Remove(name, host);
        _names.Add(name);
        var net = string.Create(CultureInfo.InvariantCulture, $"10.199.{index}");
        Run(false, "ip", "netns", "add", name);
        Run(false, "ip", "link", "add", host, "type", "veth", "peer", "name", inside);
        Run(false, "ip", "link", "set", inside, "netns", name);
        Run(false, "ip", "addr", "add", $"{net}.1/30", "dev", host);
        Run(false, "ip", "link", "set", host, "up");
        Run(false, "ip", "netns", "exec", name, "ip", "addr", "add", $"{net}.2/30", "dev", inside);
        Run(false, "ip", "netns", "exec", name, "ip", "link", "set", inside, "up");
        Run(false, "ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");

        // Everything else through the host: the host's addresses on other links are then reachable too.
        Run(false, "ip", "netns", "exec", name, "ip", "route", "add", "default", "via", $"{net}.1");
        return (name, $"{net}.1");
    }

    /// <summary>Takes the host end of namespace <paramref name="index"/>'s link down (a partition) or up again.</summary>
    public static void SetLink(int index, bool up) => Run(false, "ip", "link", "set", $"vh{Prefix}{index}", up ? "up" : "down");

    /// <summary>The namespace end's own address of namespace <paramref name="index"/>.</summary>
    public static string InsideAddress(int index) => string.Create(CultureInfo.InvariantCulture, $"10.199.{index}.2");

    public void Dispose()
    {
        foreach (var name in _names)
        {
            Remove(name, $"vh{name}");
        }
    }

    private static void Remove(string name, string hostLink)
    {
        // Deleting the namespace destroys its veth end, which takes the host end with it; delete both to be sure.
        Run(true, "ip", "netns", "del", name);
        Run(true, "ip", "link", "del", hostLink);
    }

    private static (int Code, string Output) Run(bool tolerateFailure, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && !tolerateFailure)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {output}");
            }

            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e) when (tolerateFailure)
        {
            return (-1, e.Message);
        }
    }
}
