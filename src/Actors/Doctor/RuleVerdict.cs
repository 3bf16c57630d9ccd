namespace Flock.Actors.Doctor;

/// <summary>What one rule concluded: a finding, nothing wrong, or that the run cannot tell (and why).</summary>
public sealed record RuleVerdict
{
    private RuleVerdict(IDiagnosisRule rule, Finding? finding, string? notJudged)
    {
        Rule = rule;
        Finding = finding;
        NotJudgedReason = notJudged;
    }

    public IDiagnosisRule Rule { get; }

    public Finding? Finding { get; }

    /// <summary>Why the rule could not judge this run (too few rows, a column the run did not record, not applicable); null when it did.</summary>
    public string? NotJudgedReason { get; }

    public bool Judged => NotJudgedReason is null;

    public static RuleVerdict Found(IDiagnosisRule rule, Finding finding) => new(rule, finding, null);

    public static RuleVerdict Healthy(IDiagnosisRule rule) => new(rule, null, null);

    public static RuleVerdict NotJudged(IDiagnosisRule rule, string reason) => new(rule, null, reason);
}
