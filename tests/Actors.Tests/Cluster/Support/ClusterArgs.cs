using System.Globalization;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>Command lines of short cluster runs: small, fast settings so each test takes tens of seconds.</summary>
public static class ClusterArgs
{
    /// <summary>
    /// Failure detection and downing shortened for tests (production: heartbeat 1 s, acceptable pause 3 s,
    /// stable-after 7 s; <c>ClusterNodeSettings.FailureDetection</c>), given to every test process through FLOCK_AKKA_CONFIG.
    /// </summary>
    public const string FastFailureDetection = """
        akka.cluster.failure-detector.heartbeat-interval = 0.3s
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 1.5s
        akka.cluster.split-brain-resolver.stable-after = 2s
        """;

    /// <summary>A learner that notices a silent node within two seconds and writes a metrics row twice a second.</summary>
    public static List<string> Learner(string seed, string runDir, double maxSeconds, params string[] extra)
    {
        var args = new List<string>
        {
            "learner", "--listen", seed, "--out", runDir, "--no-progress", "--json",
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

    public static List<string> Node(string seed, string name, params string[] extra)
    {
        var args = new List<string> { "actors", "--join", seed, "--node-name", name, "--json" };
        args.AddRange(extra);
        return args;
    }
}
