using System.Globalization;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>Command lines of short cluster runs: small, fast settings so each test takes tens of seconds.</summary>
public static class ClusterArgs
{
    /// <summary>A learner that notices a silent node within two seconds and writes a metrics row twice a second.</summary>
    public static List<string> Learner(string broker, string runDir, double maxSeconds, params string[] extra)
    {
        var args = new List<string>
        {
            "learner", "--broker", broker, "--out", runDir, "--no-progress", "--json",
            "--max-seconds", maxSeconds.ToString(CultureInfo.InvariantCulture),
            "--metrics-interval-seconds", "0.5",
            "--heartbeat-interval-seconds", "0.25",
            "--node-timeout-seconds", "2",
            "--actors", "1",
            "--envs-per-actor", "4",
            "--replay-min-size", "200",
        };
        args.AddRange(extra);
        return args;
    }

    public static List<string> Node(string broker, string name, params string[] extra)
    {
        var args = new List<string> { "actors", "--broker", broker, "--node-name", name, "--json" };
        args.AddRange(extra);
        return args;
    }
}
