using Flock.Actors.Doctor.Rules;

namespace Flock.Actors.Doctor;

/// <summary>Runs every rule over a run and gathers their verdicts.</summary>
public static class RunDoctor
{
    /// <summary>Every rule, in the order their verdicts are listed (failures that break learning first).</summary>
    public static IReadOnlyList<IDiagnosisRule> Rules { get; } =
    [
        new QDivergenceRule(),
        new LossExplosionRule(),
        new LearningStalledRule(),
        new GradClipSaturatedRule(),
        new GradClipIneffectiveRule(),
        new TargetSyncTooFrequentRule(),
        new TargetSyncTooRareRule(),
        new EpsilonTooLowRule(),
        new EpsilonTooHighRule(),
        new ReplayTooSmallRule(),
        new SamplesPerInsertRule(),
        new StaleWeightsRule(),
        new SparseRewardRule(),
        new ReturnsOscillatingRule(),
        new EnvironmentFaultsRule(),
        new RunFailedRule(),
    ];

    public static Diagnosis Diagnose(RunRecord run) => new(run, Rules.Select(rule => rule.Judge(run)).ToArray());
}
