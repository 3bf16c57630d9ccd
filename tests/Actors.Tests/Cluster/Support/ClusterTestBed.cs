namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>
/// What a test of real cluster processes stands on: a virtual host of its own on the test broker, a run
/// directory, and the processes it started; disposing stops the processes and removes the rest.
/// </summary>
public sealed class ClusterTestBed : IAsyncDisposable
{
    private readonly List<ClusterProcess> _processes = [];

    private ClusterTestBed(string vhost, string runDir)
    {
        Vhost = vhost;
        RunDir = runDir;
    }

    public string Vhost { get; }

    /// <summary>The learner's run directory (not created: the learner makes it).</summary>
    public string RunDir { get; }

    /// <summary>The AMQP URL of the virtual host, as guest.</summary>
    public string Broker => TestBroker.Url(Vhost);

    public static async Task<ClusterTestBed> CreateAsync(string name) =>
        new(await TestBroker.CreateVirtualHostAsync(name), Path.Combine(Path.GetTempPath(), $"flock-{name}-{Guid.NewGuid():N}"));

    /// <summary>Starts a flock process that the bed stops when disposed.</summary>
    public ClusterProcess Start(string label, IEnumerable<string> args)
    {
        var process = ClusterProcess.Start(label, args);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await TestBroker.DeleteVirtualHostAsync(Vhost);
        if (Directory.Exists(RunDir))
        {
            Directory.Delete(RunDir, recursive: true);
        }
    }
}
