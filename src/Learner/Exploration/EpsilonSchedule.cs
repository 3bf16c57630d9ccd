namespace Flock.Learner.Exploration;

/// <summary>ε as a function of an actor's environment steps, fixed per actor at construction.</summary>
public sealed class EpsilonSchedule
{
    private readonly ExplorationOptions _options;
    private readonly double _fixedEpsilon;

    private EpsilonSchedule(ExplorationOptions options, double fixedEpsilon)
    {
        _options = options;
        _fixedEpsilon = fixedEpsilon;
    }

    /// <summary>The schedule of actor <paramref name="actorIndex"/> out of <paramref name="actorCount"/> (global, 0-based).</summary>
    public static EpsilonSchedule ForActor(ExplorationOptions options, int actorIndex, int actorCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(actorCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(actorIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actorIndex, actorCount);
        return options.Kind switch
        {
            EpsilonScheduleKind.ApeXPerActor => new EpsilonSchedule(options, ApeXEpsilon(actorIndex, actorCount, options.ApeXBase, options.ApeXAlpha)),
            EpsilonScheduleKind.LinearDecay => new EpsilonSchedule(options, double.NaN),
            _ => throw new ArgumentException($"unknown exploration kind {options.Kind}", nameof(options)),
        };
    }

    /// <summary>Ape-X's εᵢ = base^(1 + α·i/(N − 1)); a single actor gets base.</summary>
    public static double ApeXEpsilon(int actorIndex, int actorCount, double baseEpsilon = 0.4, double alpha = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actorCount, 1);
        return actorCount == 1
            ? baseEpsilon
            : Math.Pow(baseEpsilon, 1 + (alpha * actorIndex / (actorCount - 1)));
    }

    /// <summary>ε for the actor's step number <paramref name="step"/> (0-based).</summary>
    public double EpsilonAt(long step)
    {
        if (_options.Kind == EpsilonScheduleKind.ApeXPerActor)
        {
            return _fixedEpsilon;
        }

        if (_options.DecaySteps <= 0 || step >= _options.DecaySteps)
        {
            return _options.End;
        }

        return _options.Start + ((_options.End - _options.Start) * Math.Max(0, step) / _options.DecaySteps);
    }
}
