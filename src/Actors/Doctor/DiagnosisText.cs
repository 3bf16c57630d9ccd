using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using Flock.Shared.CommandLine;
using static Flock.Actors.Doctor.DoctorFormat;

namespace Flock.Actors.Doctor;

/// <summary>The diagnosis for a terminal: the run in two lines, each finding with its evidence, cause and flags, then what was checked.</summary>
public static partial class DiagnosisText
{
    private const int Width = 100;

    public static string Render(Diagnosis diagnosis)
    {
        var run = diagnosis.Run;
        var text = new StringBuilder();
        text.AppendLine($"{CommandName.Tool} doctor: {run.Directory}");
        Wrap(text, "  ", Outcome(run));
        Wrap(text, "  ", $"metrics.csv: {run.Rows} rows, {run.LearningRows.Count} with learner updates; return scale {Number(run.Returns.Scale)} ({run.Returns.ScaleSource})");
        text.AppendLine();

        var findings = diagnosis.Findings;
        if (findings.Count == 0)
        {
            text.AppendLine(diagnosis.NotJudged.Count == 0
                ? "No findings: nothing in this run points to a convergence problem."
                : $"No findings from the {diagnosis.Checked.Count} rules that could judge this run; {diagnosis.NotJudged.Count} could not (below).");
        }
        else
        {
            text.AppendLine(findings.Count == 1 ? "1 finding:" : $"{findings.Count} findings:");
            for (var i = 0; i < findings.Count; i++)
            {
                text.AppendLine();
                AppendFinding(text, i + 1, findings[i]);
            }

            if (diagnosis.RetryCommand is { } command)
            {
                text.AppendLine();
                text.AppendLine("Try the changes together:");
                text.AppendLine($"  {command}");
                if (run.IsCluster)
                {
                    text.AppendLine("  (a cluster run: run it as `learner --listen HOST:PORT …` in place of `train`, and start the actor nodes again)");
                }
            }
        }

        text.AppendLine();
        // With no finding, what was checked is the result, so each rule says what it looked at; otherwise the ids suffice.
        Wrap(text, "", findings.Count == 0
            ? $"Checked ({diagnosis.Checked.Count}): " + (diagnosis.Checked.Count == 0 ? "nothing could be judged." : string.Join("; ", diagnosis.Checked.Select(r => $"{r.Id} ({r.Checks})")) + ".")
            : $"Checked without finding ({diagnosis.Checked.Count}): " + (diagnosis.Checked.Count == 0 ? "none." : string.Join(", ", diagnosis.Checked.Select(r => r.Id)) + "."));
        if (diagnosis.NotJudged.Count > 0)
        {
            text.AppendLine($"Not judged ({diagnosis.NotJudged.Count}):");
            foreach (var verdict in diagnosis.NotJudged)
            {
                Wrap(text, "  - ", $"{verdict.Rule.Id}: {verdict.NotJudgedReason}", "    ");
            }
        }

        foreach (var note in run.Notes)
        {
            Wrap(text, "Note: ", note, "  ");
        }

        return text.ToString();
    }

    private static string Outcome(RunRecord run)
    {
        var returns = run.Returns;
        var state = run.Summary is { Solved: true, SolvedAtEnd: false, FinalEvalMeanReturn: { } fell } fallen
                ? $"reached {Number(fallen.SolveThreshold ?? double.NaN)} at {fallen.SolvedAtSeconds:0.0} s, then fell to {Number(fell)}: not solved at the end"
            : returns.Solved ? "solved"
            : returns.Threshold is null ? "no solve threshold"
            : "not solved";
        var final = returns.Final is { } f ? $"greedy mean return {Number(f.Value)}" + (returns.Threshold is { } t ? $", solved at {Number(t)}" : "") : "no greedy evaluation";
        var summary = run.Summary is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"; {Count(s.EnvSteps)} env steps, {Count(s.Updates)} updates in {s.WallSeconds:0.0} s; stop: {s.StopReason}")
                + (s.Device is { } device ? $"; learner on {device}" : "")
            : "; no summary.json";
        return $"{run.Config.Env}{(run.IsCluster ? " (cluster run)" : "")}, {state} ({final}){summary}";
    }

    private static void AppendFinding(StringBuilder text, int number, Finding finding)
    {
        Wrap(text, $"{number}. ", $"[{finding.Severity.ToString().ToLowerInvariant()}] {finding.Id}: {finding.Title}", "   ");
        text.AppendLine("   evidence:");
        foreach (var evidence in finding.Evidence)
        {
            var where = string.Concat(evidence.At.Distinct().Select(a => $" [{a}, line {a.Line}]"));
            Wrap(text, "     - ", evidence.Text + where, "       ");
        }

        Wrap(text, "   likely cause: ", finding.Cause, "     ");
        if (finding.Changes.Count > 0)
        {
            text.AppendLine("   try:");
            foreach (var change in finding.Changes)
            {
                Wrap(text, $"     {change.CommandLine}  ", change.Why, "         ");
            }
        }

        if (finding.Advice is { } advice)
        {
            Wrap(text, "   also: ", advice, "     ");
        }
    }

    /// <summary>What a line may not be broken inside: a word, or a bracketed place in the run ("[2.0 s, 13,160 env steps, line 3]").</summary>
    [GeneratedRegex(@"\[[^\]]*\]|\S+")]
    private static partial Regex Atoms();

    /// <summary>Appends <paramref name="body"/> after <paramref name="first"/>, wrapped at <see cref="Width"/> with <paramref name="rest"/> before each further line.</summary>
    private static void Wrap(StringBuilder text, string first, string body, string rest = "  ")
    {
        var line = new StringBuilder(first);
        var lineHasWord = false;
        foreach (var word in Atoms().Matches(body).Select(m => m.Value))
        {
            if (lineHasWord && line.Length + 1 + word.Length > Width)
            {
                text.AppendLine(line.ToString());
                line.Clear().Append(rest);
                lineHasWord = false;
            }

            line.Append(lineHasWord ? " " : "").Append(word);
            lineHasWord = true;
        }

        text.AppendLine(line.ToString());
    }
}
