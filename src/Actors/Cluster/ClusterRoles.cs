namespace Flock.Actors.Cluster;

/// <summary>The Akka.Cluster roles of Flock's nodes.</summary>
public static class ClusterRoles
{
    /// <summary>The learner node: replay, learner, evaluator, coordinator; the cluster's seed and its oldest member.</summary>
    public const string Learner = "learner";

    /// <summary>An actor node: environment actors streaming transitions to the learner.</summary>
    public const string Actors = "actors";

    /// <summary>The actor system's name on every node (it is part of every node's address).</summary>
    public const string SystemName = "flock";

    /// <summary>Where the learner's gateway lives, under the run's parent actor.</summary>
    public const string GatewayPath = "/user/run/gateway";
}
