using System.Globalization;
using Flock.Environments;

namespace Flock.Actors.Run;

/// <summary>
/// Environment faults of one run, shared by everything in this process that steps its environment (the
/// environment actors and the evaluator): each fault is counted by site and logged, its stack trace only
/// the first time its site is seen; a stepper whose <see cref="EnvironmentFaultPolicy"/> gives up ends the
/// run through <see cref="GaveUp"/> with a message naming the environment, the fault and how often it
/// happened. Actor-free and thread-safe.
/// </summary>
public sealed class RunFaults(TextWriter log)
{
    private readonly TaskCompletionSource<string> _gaveUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _evaluatorFaults;

    /// <summary>Faults by site, with the first of all.</summary>
    public EnvironmentFaultSites Sites { get; } = new();

    /// <summary>Faults of the evaluator's episodes (env actors count theirs in their own statistics).</summary>
    public long EvaluatorFaults => Interlocked.Read(ref _evaluatorFaults);

    /// <summary>Completes with the give-up message when a stepper's fault budget is spent.</summary>
    public Task<string> GaveUp => _gaveUp.Task;

    /// <summary>Counts and logs a fault seen by <paramref name="who"/> (an actor name); <paramref name="faults"/> environments faulted in that step.</summary>
    public void Report(string who, EnvironmentFaultException fault, int faults = 1, bool evaluator = false)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (evaluator)
        {
            Interlocked.Add(ref _evaluatorFaults, faults);
        }

        if (Sites.Add(fault, Math.Max(faults, 1)))
        {
            log.WriteLine($"flockrl: [{who}] {fault.Message}; the environment was reset to a new episode and the run goes on (later faults from the same place are only counted){Environment.NewLine}{fault.InnerException?.ToString() ?? ""}".TrimEnd());
        }
    }

    /// <summary>Ends the run (the first call wins); <paramref name="policy"/> says how often the environment faulted.</summary>
    public void GiveUp(string who, string envId, EnvironmentFaultPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var first = Sites.First?.Message ?? "none recorded";
        var message = policy.GiveUpMessage(envId, who, first);
        if (_gaveUp.TrySetResult(message))
        {
            log.WriteLine($"flockrl: [{who}] {message}");
        }
    }

    /// <summary>One line per fault site, for the end of the run: "N× site (first: message)".</summary>
    public IEnumerable<string> Describe() =>
        Sites.Sites.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Count:N0}× {s.First.Message}"));
}
