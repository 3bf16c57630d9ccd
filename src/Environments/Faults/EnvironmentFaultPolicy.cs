using System.Globalization;

namespace Flock.Environments;

/// <summary>
/// How many environment faults a run rides out, counted per env steps (faults come per step, not per
/// minute): it gives up when more than <see cref="MaxShare"/> of the last <see cref="Window"/> env steps
/// faulted, e.g. more than 100 faults within 10,000 steps. A rare bug in a user's environment is counted
/// and survived; an environment that faults all the time ends the run quickly with a message saying so.
/// One instance per stream of steps (an environment actor, the evaluator); not thread-safe.
/// </summary>
public sealed class EnvironmentFaultPolicy
{
    /// <summary>Env steps the share of faults is taken over.</summary>
    public const int DefaultWindow = 10_000;

    /// <summary>Share of those steps that may fault.</summary>
    public const double DefaultMaxShare = 0.01;

    // The step positions of the last MaxFaults + 1 faults: when the oldest of them lies within the window,
    // more than MaxFaults faulted in it. Allocated once.
    private readonly long[] _recent;
    private int _next;
    private long _steps;

    public EnvironmentFaultPolicy(int window = DefaultWindow, double maxShare = DefaultMaxShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (!(maxShare is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxShare), maxShare, "the share of faulting steps must be in [0, 1)");
        }

        Window = window;
        MaxShare = maxShare;
        MaxFaults = (int)Math.Floor(window * maxShare);
        _recent = new long[MaxFaults + 1];
        Array.Fill(_recent, long.MinValue);
    }

    public int Window { get; }

    public double MaxShare { get; }

    /// <summary>Faults allowed within <see cref="Window"/> steps.</summary>
    public int MaxFaults { get; }

    /// <summary>Env steps recorded so far, faulted ones included.</summary>
    public long Steps => _steps;

    /// <summary>Faults recorded so far.</summary>
    public long Faults { get; private set; }

    /// <summary>True once more than <see cref="MaxFaults"/> of the last <see cref="Window"/> steps faulted.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>
    /// Records <paramref name="steps"/> env steps of which <paramref name="faults"/> faulted (the faulted ones
    /// count as steps: they were tried). Returns true when the run should give up.
    /// </summary>
    public bool Record(int steps, int faults)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(faults);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(faults, Math.Max(steps, 1), nameof(faults));
        _steps += steps;
        for (var i = 0; i < faults; i++)
        {
            Faults++;
            _recent[_next] = _steps;
            _next = (_next + 1) % _recent.Length;

            // The ring holds the last MaxFaults + 1 faults, this one included; the slot to be written next holds
            // the oldest of them. When the window spans it, too many faulted within the window.
            var oldest = _recent[_next];
            if (oldest != long.MinValue && _steps - oldest < Window)
            {
                GaveUp = true;
            }
        }

        return GaveUp;
    }

    /// <summary>Why the run gave up, naming the environment and the first fault that was seen.</summary>
    public string GiveUpMessage(string envId, string where, string firstFault) =>
        string.Create(CultureInfo.InvariantCulture,
            $"environment '{envId}' faulted more than {MaxFaults:N0} times within {Window:N0} env steps in {where} (more than {MaxShare * 100:0.##}% of its steps; {Faults:N0} faults in {_steps:N0} steps so far), so the run gave up; first fault: {firstFault}");
}
