using Flock.Actors.Cli;
using Flock.Actors.Run;
using Flock.Actors.Sweep;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Sweep;

public sealed class SweepPlanTests
{
    private static readonly string Out = Path.Combine(Path.GetTempPath(), "flock-sweep-plan-never-written");

    private static SweepPlan Plan(RunConfig baseConfig, bool metricsIntervalGiven = false, int eta = 3, long? minRung = null, params string[] parameters) =>
        SweepPlan.Create(
            new SweepRequest(baseConfig with { Out = Out }, parameters.Length > 0 ? parameters : ["learning-rate=0.001,0.003"], 2, SweepStrategy.Grid, null, 1, eta, minRung, metricsIntervalGiven),
            _ => [],
            DateTime.UtcNow);

    private static TrialResult Completed(SweepPlan plan, int index)
    {
        var (trial, config) = plan.Setup.Trials[index];
        return new TrialResult(trial, config, TrialStatus.Completed, plan.Setup.Halving.Rungs.Count + 1, config.MaxEnvSteps!.Value, 100, null, 1, config.Out, null);
    }

    [Fact]
    public void An_interval_the_user_set_is_kept_even_when_it_equals_the_default()
    {
        var plan = Plan(new RunConfig { MetricsIntervalSeconds = 1 }, metricsIntervalGiven: true);
        Assert.All(plan.Setup.Trials, t => Assert.Equal(1, t.Config.MetricsIntervalSeconds));
        Assert.Equal(1, plan.TrainingConfig(Completed(plan, 0)).MetricsIntervalSeconds);

        var other = Plan(new RunConfig { MetricsIntervalSeconds = 0.5 }, metricsIntervalGiven: true);
        Assert.All(other.Setup.Trials, t => Assert.Equal(0.5, t.Config.MetricsIntervalSeconds));
        Assert.Equal(0.5, other.TrainingConfig(Completed(other, 1)).MetricsIntervalSeconds);
    }

    [Fact]
    public void Without_one_the_trials_write_rows_every_quarter_second_and_the_best_config_keeps_the_default()
    {
        var plan = Plan(new RunConfig());
        Assert.All(plan.Setup.Trials, t => Assert.Equal(SweepDefaults.MetricsIntervalSeconds, t.Config.MetricsIntervalSeconds));

        // best-config.json is what a user trains with: the ordinary interval, no run directory, the winner's settings.
        var best = plan.TrainingConfig(Completed(plan, 1));
        Assert.Equal(new RunConfig().MetricsIntervalSeconds, best.MetricsIntervalSeconds);
        Assert.Null(best.Out);
        Assert.Equal(0.003, best.LearningRate);
    }

    [Fact]
    public void A_swept_interval_is_the_trials_own_in_the_trials_and_in_the_best_config()
    {
        var plan = Plan(new RunConfig(), parameters: ["metrics-interval-seconds=1,2"]);
        Assert.Equal([1.0, 2.0], plan.Setup.Trials.Select(t => t.Config.MetricsIntervalSeconds));
        Assert.Equal(2, plan.TrainingConfig(Completed(plan, 1)).MetricsIntervalSeconds);
    }

    [Fact]
    public void A_budget_too_small_for_any_rung_is_blamed_on_the_budget_and_eta_not_on_an_unset_rung()
    {
        var e = Assert.Throws<UsageException>(() => Plan(new RunConfig { MaxEnvSteps = 2 }, eta: 3));
        Assert.Equal("--max-env-steps 2: the trial budget must be at least η × 1 = 3 env steps (--eta 3), so that its smallest rung, budget / η, is at least 1 env step", e.Message);
        Assert.DoesNotContain("--min-rung-env-steps", e.Message, StringComparison.Ordinal);

        // Even with a rung given, a budget below η has no rung to offer; the budget is what must change.
        Assert.StartsWith("--max-env-steps 5: ", Assert.Throws<UsageException>(() => Plan(new RunConfig { MaxEnvSteps = 5 }, eta: 10, minRung: 1)).Message, StringComparison.Ordinal);

        // The smallest budget that works has one rung, of 1 env step.
        Assert.Equal([1L], Plan(new RunConfig { MaxEnvSteps = 3 }, eta: 3).Setup.Halving.Rungs);
    }

    [Fact]
    public void A_rung_the_user_gave_that_does_not_fit_the_budget_is_blamed_on_that_rung()
    {
        var e = Assert.Throws<UsageException>(() => Plan(new RunConfig { MaxEnvSteps = 9_000 }, eta: 3, minRung: 5_000));
        Assert.Equal("--min-rung-env-steps 5000: must be ≥ 1 and ≤ the trial budget / η = 3000 (trial budget 9000 env steps from --max-env-steps, η = 3)", e.Message);

        var fromDefault = Assert.Throws<UsageException>(() => Plan(new RunConfig(), eta: 3, minRung: 0));
        Assert.Equal($"--min-rung-env-steps 0: must be ≥ 1 and ≤ the trial budget / η = {SweepDefaults.TrialEnvSteps / 3} (trial budget {SweepDefaults.TrialEnvSteps} env steps the default, η = 3)", fromDefault.Message);
    }
}
