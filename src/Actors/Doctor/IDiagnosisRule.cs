namespace Flock.Actors.Doctor;

/// <summary>One check of a run: looks at its configuration, metrics and summary and returns a verdict.</summary>
public interface IDiagnosisRule
{
    /// <summary>Stable id, also the id of its findings (e.g. <c>q-divergence</c>).</summary>
    string Id { get; }

    /// <summary>What the rule looks for, in a few words, for "checked without finding" lists.</summary>
    string Checks { get; }

    RuleVerdict Judge(RunRecord run);
}
