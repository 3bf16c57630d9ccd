using Flock.Actors.Doctor;
using Flock.Actors.Run;
using Flock.Actors.Tests.Doctor.Support;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>Reading a run directory: clear errors for what is missing or malformed, and fallbacks for what may be.</summary>
public sealed class RunRecordLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flock-doctor-load-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_missing_directory_or_a_file_is_named()
    {
        var missing = Path.Combine(_root, "nope");
        Assert.Equal($"{missing}: no such run directory", Assert.Throws<DoctorInputException>(() => RunRecordLoader.Load(missing)).Message);

        var file = Path.Combine(_root, "file.txt");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Assert.Throws<DoctorInputException>(() => RunRecordLoader.Load(file)).Message);
    }

    [Fact]
    public void Missing_metrics_or_config_and_a_malformed_csv_are_named_with_line_and_column()
    {
        var dir = RecordedRun.Write(Path.Combine(_root, "run"), LearningCurve.Rows(3));

        File.Delete(Path.Combine(dir, "config.json"));
        Assert.Contains("config.json: not found", Assert.Throws<DoctorInputException>(() => RunRecordLoader.Load(dir)).Message);

        var metrics = Path.Combine(dir, "metrics.csv");
        var lines = File.ReadAllLines(metrics);
        var header = lines[0].Split(',');
        var cells = lines[2].Split(',');
        cells[Array.IndexOf(header, "mean_abs_q")] = "lots";
        File.WriteAllLines(metrics, [lines[0], lines[1], string.Join(',', cells)]);
        Assert.Contains("line 3, column 'mean_abs_q': 'lots' is not a number", Assert.Throws<DoctorInputException>(() => RunRecordLoader.Load(dir)).Message);

        File.Delete(metrics);
        Assert.Contains("metrics.csv: not found", Assert.Throws<DoctorInputException>(() => RunRecordLoader.Load(dir)).Message);
    }

    [Fact]
    public void A_config_json_with_a_bad_value_or_a_broken_summary_is_named()
    {
        var dir = RecordedRun.Write(Path.Combine(_root, "run"), LearningCurve.Rows(3));
        File.WriteAllText(Path.Combine(dir, "summary.json"), "{\"env\": ");
        Assert.Contains("summary.json: not a run summary", Assert.Throws<DoctorInputException>(() => RunRecordLoader.Load(dir)).Message);

        File.WriteAllText(Path.Combine(dir, "config.json"), "{\"learning-rate\": -1}");
        var message = Assert.Throws<DoctorInputException>(() => RunRecordLoader.Load(dir)).Message;
        Assert.Contains("config.json: not a usable run configuration", message);
        Assert.Contains("learning-rate", message);
    }

    [Fact]
    public void A_run_without_summary_is_judged_from_its_metrics_and_says_so()
    {
        var run = RecordedRun.Load(LearningCurve.Rows());

        Assert.Null(run.Summary);
        Assert.Contains(run.Notes, n => n.StartsWith("no summary.json", StringComparison.Ordinal));
        Assert.Equal(475, run.Environment.SolveThreshold);
        Assert.Equal(500, run.Environment.MaxEpisodeSteps);
    }

    [Fact]
    public void A_custom_environment_that_is_not_loadable_falls_back_to_the_summary_threshold_and_the_observed_episodes()
    {
        var config = new RunConfig { Env = "Corridor-v0", EnvAssembly = [Path.Combine(_root, "gone", "CustomEnv.dll")], ReplayCapacity = 300, ReplayMinSize = 300 };
        var rows = LearningCurve.Rows().With((r, i) => r with { TrainEpisodes = i * 1_000L, EvalMeanReturn100 = 0.1 * i, TrainMeanReturn = 0.05 * i, MeanAbsQ = i == 0 ? double.NaN : 2.5 });

        var diagnosis = RecordedRun.Diagnose(rows, config, RecordedRun.Summary(false, env: "Corridor-v0", threshold: 0.9));

        var run = diagnosis.Run;
        Assert.Equal(0.9, run.Environment.SolveThreshold);
        Assert.Null(run.Environment.MaxEpisodeSteps);
        Assert.Contains(run.Notes, n => n.Contains("Corridor-v0 is not built in and the doctor loads no --env-assembly", StringComparison.Ordinal));
        Assert.Equal(0.9, run.Returns.Scale);
        Assert.Equal("the solve threshold recorded in summary.json: the doctor loads no --env-assembly", run.Returns.ScaleSource);

        // The replay rule needs an episode length: 20,000 steps per 1,000 episodes each interval.
        var replay = diagnosis.Found("replay-too-small");
        Assert.Contains("× 20 steps (the longest mean episode of any metrics interval) = 320", replay.Evidence[0].Text);
        Assert.Contains("2.8×", diagnosis.Found("q-divergence").Evidence[0].Text);
    }

    [Fact]
    public void A_last_line_cut_short_by_a_killed_run_is_left_out_with_a_note()
    {
        var rows = LearningCurve.Rows();
        var header = 0;
        var run = RecordedRun.Load(rows, editCsv: lines =>
        {
            header = lines[0].Split(',').Length;
            return [.. lines[..^1], string.Join(',', lines[^1].Split(',').Take(5))];
        });

        Assert.Equal(rows.Count - 1, run.Rows);
        Assert.Equal(rows[^2].EnvSteps, run.Value(MetricsColumns.EnvSteps, run.Rows - 1));
        Assert.Contains($"metrics.csv: the last line is incomplete (5 of {header} cells; the run was probably killed); ignored", run.Notes);
        Assert.Contains(run.Notes, n => n.StartsWith("no summary.json", StringComparison.Ordinal));
    }

    [Fact]
    public void A_short_line_before_the_last_is_an_error_naming_its_line_and_first_missing_column()
    {
        var message = Assert.Throws<DoctorInputException>(() => RecordedRun.Load(LearningCurve.Rows(), editCsv: lines =>
            [.. lines[..4], string.Join(',', lines[4].Split(',').Take(3)), .. lines[5..]])).Message;

        Assert.Contains($"metrics.csv: line 5 has 3 cells, the header has {MetricsCsvWriter.ColumnNames.Count} (nothing from column '{MetricsCsvWriter.ColumnNames[3]}' on)", message);
    }

    [Fact]
    public void A_run_too_short_for_trends_says_which_rules_could_not_judge_it()
    {
        var diagnosis = RecordedRun.Diagnose(LearningCurve.Rows(3));

        Assert.Empty(diagnosis.Findings);
        var notJudged = diagnosis.NotJudged.ToDictionary(v => v.Rule.Id, v => v.NotJudgedReason);
        Assert.Contains("needs 3 metrics rows with learner updates, the run has 2", notJudged["learning-stalled"]);
        Assert.Contains("returns-oscillating", notJudged.Keys);
        Assert.Contains("stale-weights", notJudged.Keys);
        Assert.DoesNotContain("q-divergence", notJudged.Keys);
        Assert.DoesNotContain("replay-too-small", notJudged.Keys);
    }
}
