using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>grad-clip-saturated and grad-clip-ineffective on recorded metrics.</summary>
public sealed class GradientClipRuleTests
{
    [Fact]
    public void A_clip_below_every_gradient_is_saturated_and_the_suggestion_is_four_times_the_typical_norm()
    {
        var rows = LearningCurve.Rows().Learning((r, _) => r with { GradClippedFraction = 1, GradNorm = 0.12 });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { GradClipNorm = 0.001 }).Found("grad-clip-saturated");

        Assert.Contains("9 of 9", finding.Evidence[0].Text);
        Assert.Equal("--grad-clip-norm 0.48", finding.Changes.Single().CommandLine);
    }

    [Fact]
    public void Clipping_in_seven_of_nine_rows_is_not_saturated_and_clipping_off_is_not_judged()
    {
        var rows = LearningCurve.Rows().Learning((r, i) => r with { GradClippedFraction = i <= 7 ? 0.95 : 0.1 });
        RecordedRun.Diagnose(rows, new RunConfig { GradClipNorm = 0.05 }).AssertHealthy("grad-clip-saturated");

        var off = RecordedRun.Diagnose(LearningCurve.Rows(), new RunConfig { GradClipNorm = 0 }).Verdict("grad-clip-saturated");
        Assert.Contains("clipping is off", off.NotJudgedReason);
    }

    [Fact]
    public void A_gradient_spike_with_clipping_off_passes_unclipped()
    {
        var rows = LearningCurve.Rows().Learning((r, i) => r with { GradNorm = i == 6 ? 15 : 0.1 });

        var finding = RecordedRun.Diagnose(rows, new RunConfig { GradClipNorm = 0, Loss = LossKind.Mse }).Found("grad-clip-ineffective");

        Assert.Contains("150×", finding.Evidence[0].Text);
        Assert.Equal(7, finding.Evidence[0].At.Single().ElapsedSeconds);
        Assert.Equal(["--grad-clip-norm 1", "--loss huber"], finding.Changes.Select(c => c.CommandLine));
    }

    [Fact]
    public void A_smaller_spike_or_one_the_clip_cut_or_one_in_the_first_interval_is_fine()
    {
        var smaller = LearningCurve.Rows().Learning((r, i) => r with { GradNorm = i == 6 ? 9 : 0.1 });
        RecordedRun.Diagnose(smaller, new RunConfig { GradClipNorm = 0 }).AssertHealthy("grad-clip-ineffective");

        var cut = LearningCurve.Rows().Learning((r, i) => r with { GradNorm = i == 6 ? 15 : 0.1, GradClippedFraction = i == 6 ? 0.8 : 0 });
        RecordedRun.Diagnose(cut).AssertHealthy("grad-clip-ineffective");

        var untrained = LearningCurve.Rows().Learning((r, i) => r with { GradNorm = i == 1 ? 15 : 0.1 });
        RecordedRun.Diagnose(untrained, new RunConfig { GradClipNorm = 0 }).AssertHealthy("grad-clip-ineffective");
    }
}
