using Flock.Actors.Roles;
using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>q-divergence, loss-explosion and learning-stalled on recorded metrics: each problem, and a near miss that must not fire.</summary>
public sealed class DivergenceRuleTests
{
    [Fact]
    public void A_learning_run_with_nothing_wrong_has_no_finding_and_every_rule_judges_it()
    {
        var diagnosis = RecordedRun.Diagnose(LearningCurve.Rows());

        Assert.True(diagnosis.Findings.Count == 0, RecordedRun.Describe(diagnosis));
        Assert.Empty(diagnosis.NotJudged);
        Assert.Null(diagnosis.RetryCommand);
    }

    [Fact]
    public void Mean_abs_Q_far_beyond_the_return_scale_is_a_divergence_with_the_rows_that_show_it()
    {
        var rows = LearningCurve.Rows().Learning((r, i) => r with { MeanAbsQ = i < 6 ? 5 * i : 1_000 * (i - 5) });

        var finding = RecordedRun.Diagnose(rows).Found("q-divergence");

        Assert.Equal(Flock.Actors.Doctor.Severity.Critical, finding.Severity);
        var peak = finding.Evidence[0];
        Assert.Contains("4,000", peak.Text);
        Assert.Contains("the solve threshold", peak.Text);
        Assert.Equal(10, peak.At.Single().ElapsedSeconds);
        Assert.Equal(180_000, peak.At.Single().EnvSteps);
        Assert.Equal(11, peak.At.Single().Line);
        Assert.Contains(finding.Changes, c => c.CommandLine == "--learning-rate 2.5e-4");
        Assert.Contains(finding.Changes, c => c.CommandLine == "--target-update-interval 1000");
    }

    [Fact]
    public void Mean_abs_Q_just_under_twice_the_scale_is_not_a_divergence()
    {
        var rows = LearningCurve.Rows().Learning((r, i) => r with { MeanAbsQ = i < 9 ? 5 * i : 940 });

        RecordedRun.Diagnose(rows).AssertHealthy("q-divergence");
    }

    [Fact]
    public void A_run_the_learner_stopped_on_a_NaN_loss_is_a_divergence_quoting_the_error()
    {
        var error = $"learner failed: the loss became NaN (mean |Q| NaN) at update 812: {LearnerActor.DivergedPhrase}.";
        var config = new RunConfig { Loss = LossKind.Mse, GradClipNorm = 0, Gamma = 0.999 };

        var finding = RecordedRun.Diagnose(LearningCurve.Rows(4), config, RecordedRun.Summary(false, StopReasons.Failed, error)).Found("q-divergence");

        Assert.Contains(error, finding.Evidence[0].Text);
        Assert.Equal(["--learning-rate", "--target-update-interval", "--loss", "--grad-clip-norm", "--gamma"], finding.Changes.Select(c => c.Flag));
        Assert.Contains(finding.Changes, c => c.CommandLine == "--loss huber");
        Assert.Contains(finding.Changes, c => c.CommandLine == "--grad-clip-norm 10");
    }

    [Fact]
    public void A_loss_a_hundred_times_its_earlier_median_is_an_explosion_and_ninety_times_is_not()
    {
        var exploded = LearningCurve.Rows().Learning((r, i) => r with { Loss = i == 7 ? 6 : 0.05 });
        var finding = RecordedRun.Diagnose(exploded).Found("loss-explosion");
        Assert.Contains("120×", finding.Evidence[0].Text);
        Assert.Equal(8, finding.Evidence[0].At.Single().ElapsedSeconds);

        var nearMiss = LearningCurve.Rows().Learning((r, i) => r with { Loss = i == 7 ? 4.5 : 0.05 });
        RecordedRun.Diagnose(nearMiss).AssertHealthy("loss-explosion");
    }

    [Fact]
    public void A_loss_that_falls_from_a_high_start_is_no_explosion()
    {
        var falling = LearningCurve.Rows().Learning((r, i) => r with { Loss = 10 / Math.Pow(10, i) });

        RecordedRun.Diagnose(falling).AssertHealthy("loss-explosion");
    }

    [Fact]
    public void Flat_returns_with_vanished_gradients_are_a_dead_network_and_a_huge_learning_rate_gets_the_default_back()
    {
        var dead = DeadNetwork(endGradient: 0.004);

        var finding = RecordedRun.Diagnose(dead, new RunConfig { LearningRate = 1 }).Found("learning-stalled");

        Assert.Contains("0.004 for a mean |TD error| of 1: 0.004 per unit of error", finding.Evidence[0].Text);
        Assert.Equal([8, 9, 10], finding.Evidence[0].At.Select(a => a.ElapsedSeconds));
        Assert.Contains("fell from 0.5 to 0.004 (125× smaller)", finding.Evidence[1].Text);
        Assert.Equal("--learning-rate 1e-3", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void A_network_dead_at_the_default_rate_is_not_blamed_on_huge_steps()
    {
        var huge = RecordedRun.Diagnose(DeadNetwork(endGradient: 0.004), new RunConfig { LearningRate = 1 }).Found("learning-stalled");
        var usual = RecordedRun.Diagnose(DeadNetwork(endGradient: 0.004), new RunConfig()).Found("learning-stalled");

        Assert.Contains("a few very large steps (learning rate 1)", huge.Cause);
        Assert.DoesNotContain("very large steps", usual.Cause);
        Assert.Contains("one huge step is an unlikely cause", usual.Cause);
        Assert.Contains("Adam's ε at 1e-8", usual.Cause);
        Assert.Equal("--adam-epsilon 1.5e-4", usual.Changes.Single().CommandLine);
    }

    [Fact]
    public void A_network_dead_at_the_default_rate_with_a_damping_Adam_epsilon_is_advised_a_lower_rate()
    {
        var finding = RecordedRun.Diagnose(DeadNetwork(endGradient: 0.004), new RunConfig { AdamEpsilon = 1.5e-4 }).Found("learning-stalled");

        Assert.DoesNotContain("Adam's ε", finding.Cause);
        Assert.Contains("exploration that never finds the rewards", finding.Cause);
        Assert.Equal("--learning-rate 2.5e-4", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void Gradients_just_above_the_dead_level_or_returns_that_rose_are_not_a_stall()
    {
        RecordedRun.Diagnose(DeadNetwork(endGradient: 0.025)).AssertHealthy("learning-stalled");

        var learning = LearningCurve.Rows().Learning((r, i) => r with { GradNorm = 0.5 / Math.Pow(2, i) });
        RecordedRun.Diagnose(learning).AssertHealthy("learning-stalled");
    }

    [Fact]
    public void With_the_squared_error_the_whole_TD_error_is_the_signal()
    {
        var rows = DeadNetwork(endGradient: 0.05).Learning((r, _) => r with { MeanAbsTdError = 5 });

        RecordedRun.Diagnose(rows).AssertHealthy("learning-stalled");
        Assert.Contains("0.01 per unit of error", RecordedRun.Diagnose(rows, new RunConfig { Loss = LossKind.Mse }).Found("learning-stalled").Evidence[0].Text);
    }

    /// <summary>Greedy returns flat at the untrained level; the gradient norm 0.5, then 0.05, then <paramref name="endGradient"/> over the last three rows.</summary>
    private static List<Flock.Actors.Run.RunMetrics> DeadNetwork(double endGradient) => LearningCurve.Rows()
        .With((r, i) => r with { EvalMeanReturn100 = 9.5 + (0.01 * i), TrainMeanReturn = 10 })
        .Learning((r, i) => r with { GradNorm = i == 1 ? 0.5 : i >= 7 ? endGradient : 0.05 });
}
