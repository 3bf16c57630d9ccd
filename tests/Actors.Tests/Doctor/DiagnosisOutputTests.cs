using System.Text.Json.Nodes;
using Flock.Actors.Doctor;
using Flock.Actors.Run;
using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>What the doctor prints: plain words when nothing is wrong, every finding's parts when something is, and the same in JSON.</summary>
public sealed class DiagnosisOutputTests
{
    [Fact]
    public void No_findings_is_said_plainly_with_what_was_checked()
    {
        var text = DiagnosisText.Render(RecordedRun.Diagnose(LearningCurve.Rows()));

        Assert.Contains("No findings: nothing in this run points to a convergence problem.", text);
        Assert.Contains("Checked (16):", text);
        Assert.Contains("q-divergence (NaN/∞ loss or Q-values; mean |Q| against the return scale)", text);
        Assert.DoesNotContain("Not judged", text);
    }

    [Fact]
    public void A_task_of_negative_returns_has_its_scale_worded_as_a_size_with_the_signed_return()
    {
        // Acrobot: returns from −500 up to the threshold −100; the worst greedy mean seen, −442.5, sets the scale.
        var rows = LearningCurve.Rows().With((r, i) => r with { EvalMeanReturn100 = -442.5 + (10 * i), TrainMeanReturn = -450 + (10 * i) });
        var text = Unwrapped(DiagnosisText.Render(RecordedRun.Diagnose(rows, new RunConfig { Env = "Acrobot-v1" })));

        Assert.Contains("return scale 450 (the size of the most negative mean return seen, -450)", text);

        var mild = LearningCurve.Rows().With((r, i) => r with { EvalMeanReturn100 = -90 + i, TrainMeanReturn = -95 + i });
        var mildText = Unwrapped(DiagnosisText.Render(RecordedRun.Diagnose(mild, new RunConfig { Env = "Acrobot-v1" })));
        Assert.Contains("return scale 100 (the size of the solve threshold, -100)", mildText);
    }

    /// <summary>The text with its line wrapping undone, so a phrase is found wherever the wrap fell.</summary>
    private static string Unwrapped(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void A_run_too_short_for_some_rules_does_not_claim_a_clean_bill()
    {
        var text = DiagnosisText.Render(RecordedRun.Diagnose(LearningCurve.Rows(3)));

        Assert.Matches(@"No findings from the \d+ rules that could judge this run; \d+ could not \(below\)\.", text);
        Assert.DoesNotContain("nothing in this run points", text);
        Assert.Contains("Not judged (", text);
    }

    [Fact]
    public void A_finding_shows_its_evidence_with_where_in_the_run_its_cause_and_pasteable_flags()
    {
        var rows = LearningCurve.Rows().Learning((r, i) => r with { MeanAbsQ = i < 6 ? 5 * i : 1_000 * (i - 5), WeightsVersionLagMax = 3_000 });
        var diagnosis = RecordedRun.Diagnose(rows, new RunConfig { BroadcastInterval = 5_000 });

        var text = DiagnosisText.Render(diagnosis);

        Assert.Contains("2 findings:", text);
        Assert.Contains("1. [critical] q-divergence: Q-values diverged", text);
        Assert.Contains("[10.0 s, 180,000 env steps, line 11]", text);
        Assert.Contains("likely cause: mean |Q| left the range of real returns", text);
        Assert.Contains("--learning-rate 2.5e-4  a quarter of 1e-3", text);
        Assert.Contains("2. [warning] stale-weights", text);
        Assert.Contains($"flockrl train --config {Path.Combine(diagnosis.Run.Directory, "config.json")} --learning-rate 2.5e-4 --target-update-interval 1000 --broadcast-interval 250 --out {diagnosis.Run.Directory}-retry", text);
    }

    [Fact]
    public void The_json_holds_every_finding_with_structured_evidence_and_what_was_not_judged()
    {
        var rows = LearningCurve.Rows(3).Learning((r, i) => r with { MeanAbsQ = 2_000 });
        var json = DiagnosisJson.Render(RecordedRun.Diagnose(rows));

        Assert.Equal("CartPole-v1", (string?)json["env"]);
        Assert.Equal(475, (double?)json["solve_threshold"]);
        Assert.Equal(3, (int?)json["rows"]);
        var finding = json["findings"]!.AsArray().Single()!;
        Assert.Equal("q-divergence", (string?)finding["id"]);
        Assert.Equal("critical", (string?)finding["severity"]);
        var at = finding["evidence"]![0]!["at"]![0]!;
        Assert.Equal(3, (int?)at["metrics_line"]);
        Assert.Equal(2, (double?)at["elapsed_seconds"]);
        Assert.Equal(20_000, (long?)at["env_steps"]);
        Assert.Equal("--learning-rate", (string?)finding["changes"]![0]!["flag"]);
        Assert.Equal("2.5e-4", (string?)finding["changes"]![0]!["value"]);
        Assert.Contains(json["not_judged"]!.AsArray(), n => (string?)n!["id"] == "returns-oscillating" && ((string?)n["reason"])!.StartsWith("needs 3", StringComparison.Ordinal));
        Assert.Contains(json["checked"]!.AsArray(), n => (string?)n!["id"] == "replay-too-small");
        Assert.StartsWith("flockrl train --config ", (string?)json["command"]);
        Assert.IsType<JsonArray>(json["notes"]);
    }

    [Fact]
    public void Every_column_the_rules_read_is_one_the_metrics_writer_writes()
    {
        var columns = typeof(MetricsColumns).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

        Assert.NotEmpty(columns);
        Assert.All(columns, c => Assert.Contains(c, MetricsCsvWriter.ColumnNames));
    }

    [Fact]
    public void Every_rule_has_a_distinct_kebab_case_id_and_says_what_it_checks()
    {
        var ids = RunDoctor.Rules.Select(r => r.Id).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(RunDoctor.Rules, r =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", r.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Checks));
        });
    }
}
