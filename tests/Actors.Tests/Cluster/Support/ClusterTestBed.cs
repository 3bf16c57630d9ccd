using System.Net;
using System.Net.Sockets;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// What a test of real cluster processes stands on: a loopback port of its own for the learner, a run
/// directory, and the processes it started; disposing stops the processes and removes the rest.
/// </summary>
public sealed class ClusterTestBed : IAsyncDisposable
{
    private readonly List<ClusterProcess> _processes = [];

    private ClusterTestBed(int port, string runDir)
    {
        Seed = $"127.0.0.1:{port}";
        RunDir = runDir;
    }

    /// <summary>The learner's HOST:PORT: its --listen and the nodes' --join.</summary>
    public string Seed { get; }

    /// <summary>The learner's run directory (not created: the learner makes it).</summary>
    public string RunDir { get; }

    public static ClusterTestBed Create(string name) => new(FreePort(), Path.Combine(Path.GetTempPath(), $"flock-{name}-{Guid.NewGuid():N}"));

    /// <summary>Starts a flockrl process that the bed stops when disposed.</summary>
    public ClusterProcess Start(string label, IEnumerable<string> args, string? networkNamespace = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = ClusterProcess.Start(label, args, networkNamespace, environment);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (Directory.Exists(RunDir))
        {
            Directory.Delete(RunDir, recursive: true);
        }
    }

    /// <summary>A loopback port free right now (the learner binds it a moment later).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
