namespace Flock.Actors.Report;

/// <summary>A run directory that cannot be reported on (missing, no metrics, a malformed file); names the problem.</summary>
public sealed class ReportInputException(string message) : Exception(message);
