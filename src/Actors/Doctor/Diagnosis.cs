using Flock.Shared.CommandLine;

namespace Flock.Actors.Doctor;

/// <summary>What the doctor concluded about one run: every rule's verdict, and the flags to try next.</summary>
public sealed record Diagnosis(RunRecord Run, IReadOnlyList<RuleVerdict> Verdicts)
{
    /// <summary>The findings, critical ones first, otherwise in rule order.</summary>
    public IReadOnlyList<Finding> Findings { get; } = Verdicts.Select(v => v.Finding).OfType<Finding>().OrderBy(f => f.Severity).ToArray();

    /// <summary>Rules that judged the run and found nothing.</summary>
    public IReadOnlyList<IDiagnosisRule> Checked { get; } = Verdicts.Where(v => v.Judged && v.Finding is null).Select(v => v.Rule).ToArray();

    /// <summary>Rules that could not judge the run, with why.</summary>
    public IReadOnlyList<RuleVerdict> NotJudged { get; } = Verdicts.Where(v => !v.Judged).ToArray();

    /// <summary>Every finding's changes in one list, the most severe finding's value winning where two advise the same flag.</summary>
    public IReadOnlyList<FlagChange> Changes => Findings.SelectMany(f => f.Changes).DistinctBy(c => c.Flag).ToArray();

    /// <summary>
    /// The run again with every change, pasteable: its own config.json plus the new flags (and a new run directory when
    /// config.json names one, so the evidence is not overwritten); null when there is nothing to change.
    /// </summary>
    public string? RetryCommand
    {
        get
        {
            if (Changes.Count == 0)
            {
                return null;
            }

            var words = new List<string> { CommandName.Invoked, Run.IsCluster ? "learner" : "train", "--config", CommandName.ShellWord(Path.Combine(Run.Directory, "config.json")) };
            words.AddRange(Changes.SelectMany(c => new[] { c.Flag, c.Value }));
            if (Run.Config.Out is not null)
            {
                words.AddRange(["--out", CommandName.ShellWord(Run.Directory.TrimEnd(Path.DirectorySeparatorChar) + "-retry")]);
            }

            return string.Join(' ', words);
        }
    }
}
