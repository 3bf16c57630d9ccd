using Flock.Shared.Messages;

namespace Flock.Actors.Roles;

/// <summary>Turns cumulative counters into per-interval rates and means for one metrics row.</summary>
internal sealed class IntervalRates
{
    private double _lastSeconds;
    private long _lastSteps;
    private long _lastUpdates;
    private long _lastNonZero;
    private double _trainMeanReturn = double.NaN;
    private readonly Dictionary<int, long> _lastEpisodes = [];
    private double _stepRate;
    private double _updateRate;

    /// <summary>Rates over less than this are noise (the final row at stop comes right after a tick): the previous rates stand.</summary>
    private const double MinimumRateInterval = 0.25;

    public (double StepsPerSecond, double UpdatesPerSecond, double TrainMeanReturn, double NonZeroRewardFraction) Advance(
        double seconds, long steps, long updates, IEnumerable<ActorStats> actors, long nonZeroRewards)
    {
        var dt = seconds - _lastSeconds;
        var rateWindowLongEnough = dt >= MinimumRateInterval;
        if (rateWindowLongEnough)
        {
            _stepRate = (steps - _lastSteps) / dt;
            _updateRate = (updates - _lastUpdates) / dt;
        }

        var nonZeroFraction = steps > _lastSteps ? (double)(nonZeroRewards - _lastNonZero) / (steps - _lastSteps) : double.NaN;

        // Each actor reports the mean return of its episodes since its last report; weight by episode count.
        double sum = 0;
        long episodes = 0;
        foreach (var a in actors)
        {
            var finished = a.Episodes - _lastEpisodes.GetValueOrDefault(a.ActorId);
            _lastEpisodes[a.ActorId] = a.Episodes;
            if (finished > 0 && double.IsFinite(a.MeanEpisodeReturn))
            {
                sum += a.MeanEpisodeReturn * finished;
                episodes += finished;
            }
        }

        if (episodes > 0)
        {
            _trainMeanReturn = sum / episodes;
        }

        if (rateWindowLongEnough)
        {
            (_lastSeconds, _lastSteps, _lastUpdates, _lastNonZero) = (seconds, steps, updates, nonZeroRewards);
        }

        return (_stepRate, _updateRate, _trainMeanReturn, nonZeroFraction);
    }
}
