using System.Text.Json.Nodes;

namespace Flock.Actors.Doctor;

/// <summary>The diagnosis as one JSON object (<c>flockrl doctor --json</c>): the run, the findings with evidence and flags, and what was and was not checked.</summary>
public static class DiagnosisJson
{
    public static JsonObject Render(Diagnosis diagnosis)
    {
        var run = diagnosis.Run;
        var returns = run.Returns;
        return new JsonObject
        {
            ["run_dir"] = Path.GetFullPath(run.Directory),
            ["env"] = run.Config.Env,
            ["cluster"] = run.IsCluster,
            ["solved"] = returns.Solved,
            ["stop_reason"] = run.Summary?.StopReason,
            ["device"] = run.Summary?.Device,
            ["solve_threshold"] = returns.Threshold,
            ["eval_mean_return_100"] = returns.Final?.Value,
            ["return_scale"] = double.IsFinite(returns.Scale) ? returns.Scale : null,
            ["return_scale_source"] = returns.ScaleSource,
            ["rows"] = run.Rows,
            ["learning_rows"] = run.LearningRows.Count,
            ["findings"] = new JsonArray(diagnosis.Findings.Select(Finding).ToArray<JsonNode?>()),
            ["checked"] = new JsonArray(diagnosis.Checked.Select(r => new JsonObject { ["id"] = r.Id, ["checks"] = r.Checks }).ToArray<JsonNode?>()),
            ["not_judged"] = new JsonArray(diagnosis.NotJudged.Select(v => new JsonObject { ["id"] = v.Rule.Id, ["reason"] = v.NotJudgedReason }).ToArray<JsonNode?>()),
            ["notes"] = new JsonArray(run.Notes.Select(n => (JsonNode?)n).ToArray()),
            ["command"] = diagnosis.RetryCommand,
        };
    }

    private static JsonObject Finding(Finding finding) => new()
    {
        ["id"] = finding.Id,
        ["severity"] = finding.Severity.ToString().ToLowerInvariant(),
        ["title"] = finding.Title,
        ["evidence"] = new JsonArray(finding.Evidence.Select(e => new JsonObject
        {
            ["text"] = e.Text,
            ["at"] = new JsonArray(e.At.Distinct().Select(a => new JsonObject
            {
                ["metrics_line"] = a.Line,
                ["elapsed_seconds"] = a.ElapsedSeconds,
                ["env_steps"] = a.EnvSteps,
            }).ToArray<JsonNode?>()),
        }).ToArray<JsonNode?>()),
        ["cause"] = finding.Cause,
        ["changes"] = new JsonArray(finding.Changes.Select(c => new JsonObject { ["flag"] = c.Flag, ["value"] = c.Value, ["why"] = c.Why }).ToArray<JsonNode?>()),
        ["advice"] = finding.Advice,
    };
}
