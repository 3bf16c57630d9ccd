namespace Flock.Actors.Cluster;

/// <summary>How an actor node runs; everything else comes from the learner's configuration.</summary>
/// <param name="Cluster">Where this node listens, the learner it joins (the seed), TLS.</param>
/// <param name="NodeName">Unique node name; host name and process id by default.</param>
/// <param name="EnvAssemblies">Assemblies with environments this node may load (its own --env-assembly; never the learner's paths).</param>
/// <param name="Actors">Environment actors on this node; the learner's --actors when null.</param>
/// <param name="EnvsPerActor">Environments per actor; the learner's --envs-per-actor when null.</param>
/// <param name="MaxSeconds">Leave after this long, waiting for the learner included; null runs until stopped.</param>
/// <param name="OnWeightsSwappedIn">Benchmarks: called with each weights version and the Stopwatch timestamps of its delivery and of every actor of the node acting with it.</param>
public sealed record ActorNodeOptions(
    ClusterNodeSettings Cluster,
    string NodeName,
    IReadOnlyList<string> EnvAssemblies,
    int? Actors = null,
    int? EnvsPerActor = null,
    double? MaxSeconds = null,
    Action<long, long, long>? OnWeightsSwappedIn = null)
{
    public static string DefaultNodeName() => $"{Environment.MachineName}-{Environment.ProcessId}";
}

/// <summary>What an actor node did, for its exit line and <c>--json</c>; counts are of its last join (one run).</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Joins">Times it joined a learner (a restarted learner is joined again).</param>
/// <param name="Actors">Environment actors in its last join.</param>
/// <param name="ActorIds">Their global ids.</param>
/// <param name="TransitionsSent">Transitions sent in the last join.</param>
/// <param name="TransitionsLost">Transitions in flight, never acknowledged, when a join ended (all joins; delivery is at most once).</param>
/// <param name="EnvSteps">Env steps in the last join.</param>
/// <param name="WeightsVersion">Weights version its actors last acted with.</param>
/// <param name="WallSeconds">Time the node ran.</param>
public sealed record ActorNodeSummary(string Node, int Joins, int Actors, IReadOnlyList<int> ActorIds, long TransitionsSent, long TransitionsLost, long EnvSteps, long WeightsVersion, double WallSeconds);
