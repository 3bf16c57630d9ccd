using Flock.Actors.Run;
using Flock.Shared.Configuration;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor.Rules;

/// <summary>A sparse reward: almost every step gives zero, so the targets carry no signal. Judged only for runs that did not solve.</summary>
public sealed class SparseRewardRule : IDiagnosisRule
{
    /// <summary>
    /// Below one rewarded step in a hundred, almost every sampled n-step target is zero plus the bootstrap of an
    /// untrained network. Dense classic-control tasks reward every step (CartPole, Acrobot, MountainCar: 100%); the
    /// sparse GoalReach-v0 rewards 3–4% once it learns, and far less before.
    /// </summary>
    public const double SparseBelow = 0.01;

    /// <summary>An n-step return this long carries a found reward ten transitions back in one update.</summary>
    private const int SparseNStep = 10;

    public string Id => "sparse-reward";

    public string Checks => "share of steps with a non-zero reward";

    public RuleVerdict Judge(RunRecord run)
    {
        if (run.CannotJudge(1, MetricsColumns.NonZeroRewardFraction) is { } reason)
        {
            return RuleVerdict.NotJudged(this, reason);
        }

        // Each row's share is over the steps of its interval; weigh the rows by those steps.
        var rows = run.Finite(MetricsColumns.NonZeroRewardFraction, Enumerable.Range(1, Math.Max(0, run.Rows - 1)))
            .Select(r => (r.Row, Share: r.Value, Steps: run.Value(MetricsColumns.EnvSteps, r.Row) - run.Value(MetricsColumns.EnvSteps, r.Row - 1)))
            .Where(r => r.Steps > 0).ToArray();
        if (rows.Length == 0)
        {
            return RuleVerdict.NotJudged(this, "no interval with environment steps recorded a reward share");
        }

        var steps = rows.Sum(r => r.Steps);
        var share = rows.Sum(r => r.Share * r.Steps) / steps;
        if (share >= SparseBelow || run.Returns.Reached)
        {
            return RuleVerdict.Healthy(this);
        }

        var c = run.Config;
        var evidence = new List<Evidence>
        {
            new($"{Percent(share)} of {Count((long)steps)} env steps had a non-zero reward", run.At(rows[0].Row), run.At(rows[^1].Row)),
            new(run.Returns.DescribeFinal()),
        };
        return RuleVerdict.Found(this, new Finding(Id, Severity.Warning, "The reward is sparse", evidence,
            "almost every sampled transition has a zero n-step return, so the targets carry no signal until an actor stumbles on a reward by chance, and then only a few steps back",
            Suggest.All(c.NStep < SparseNStep ? Suggest.Value(nameof(RunConfig.NStep), (long)SparseNStep, $"a found reward reaches {SparseNStep} steps back in one update instead of {c.NStep}") : null),
            "shape the reward: wrap the environment in RewardShapingWrapper with RewardShaper.PotentialBased (a potential such as the distance to the goal leaves the optimal policy unchanged); GoalReachShaped-v0 does this for GoalReach-v0"));
    }
}
