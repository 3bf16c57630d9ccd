using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>
/// What a sweep varies when no <c>--param</c> is given: learning rate, target-network interval, exploration,
/// batch size and replay size, in ranges around the defaults (which solve CartPole and Acrobot), so the
/// defaults themselves lie inside the search space.
/// </summary>
public static class SweepDefaults
{
    /// <summary>Per-trial budget when the base config sets no --max-env-steps: about twice the env steps the
    /// defaults need for CartPole over seeds 1–5 (62K–227K) and Acrobot (225K), so a good setting can show it
    /// solves, while a sweep of 9 trials stays within minutes on a laptop.</summary>
    public const long TrialEnvSteps = 500_000;

    /// <summary>Seconds between the trials' metrics rows unless the base config sets its own: a trial held at a
    /// rung is judged at its next row, and at a row a second each rung would cost it up to a second of waiting.</summary>
    public const double MetricsIntervalSeconds = 0.25;

    /// <summary>The knob of the metrics interval (metrics-interval-seconds), found by its property so a rename cannot leave it behind.</summary>
    public static readonly string MetricsIntervalKnob = ConfigKnob.All.Single(k => k.Property.Name == nameof(RunConfig.MetricsIntervalSeconds)).Name;

    /// <summary>The default --param specs. The exploration knob depends on the schedule: with the default
    /// Ape-X exploration each actor's ε is fixed, and the honest "ε decay" knob is epsilon-alpha (how fast ε
    /// falls from actor to actor); with --exploration decay it is epsilon-decay-steps.</summary>
    public static IReadOnlyList<string> Specs(RunConfig baseConfig, SweepStrategy strategy)
    {
        var apex = baseConfig.Exploration == ExplorationKind.Apex;
        return strategy == SweepStrategy.Random
            ?
            [
                "learning-rate=0.0001..0.003:log",
                "target-update-interval=100..1000:log",
                apex ? "epsilon-alpha=3..11" : "epsilon-decay-steps=2000..50000:log",
                "batch-size=64,128,256",
                "replay-capacity=30000,100000,300000",
            ]
            :
            [
                "learning-rate=0.0003,0.001,0.003",
                "target-update-interval=100,250,1000",
                apex ? "epsilon-alpha=5,7,9" : "epsilon-decay-steps=5000,10000,30000",
                "batch-size=64,128,256",
                "replay-capacity=30000,100000,300000",
            ];
    }
}
