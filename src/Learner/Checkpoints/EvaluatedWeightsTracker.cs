using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Shared.Messages;

namespace Flock.Learner.Checkpoints;

/// <summary>
/// Decides which weights versions the evaluator plays and keeps the best one it fully evaluated: each new
/// version is screened with a few greedy episodes; one whose screening mean beats the best so far is played
/// on to <see cref="ConfirmEpisodes"/> episodes of its own, and if its mean over them is the best, it becomes
/// <see cref="Best"/>: what a run's <c>checkpoint.bin</c> holds, with that mean. Newer versions wait while a
/// version is being confirmed. Pure and synchronous; one owner (the evaluator).
/// </summary>
public sealed class EvaluatedWeightsTracker
{
    /// <summary>Episodes of one version behind a recorded mean ("solved" is judged over as many).</summary>
    public const int ConfirmEpisodes = 100;

    private readonly int _screenEpisodes;
    private WeightSnapshot? _current;
    private int _episodes;
    private double _sum;

    /// <param name="screenEpisodes">Episodes every version gets (<c>--eval-episodes-per-version</c>).</param>
    public EvaluatedWeightsTracker(int screenEpisodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(screenEpisodes, 1);
        _screenEpisodes = screenEpisodes;
    }

    /// <summary>The best fully evaluated version so far; null before any.</summary>
    public EvaluatedWeights? Best { get; private set; }

    /// <summary>The version being played; null before the first.</summary>
    public WeightSnapshot? Current => _current;

    /// <summary>Episodes played with <see cref="Current"/>.</summary>
    public int CurrentEpisodes => _episodes;

    /// <summary>True while <see cref="Current"/> still has episodes to play (its screening, or its confirmation).</summary>
    public bool WantsMore =>
        _current is not null && (_episodes < _screenEpisodes || (_episodes < ConfirmEpisodes && BeatsBest(_sum / _episodes)));

    /// <summary>Starts evaluating <paramref name="weights"/> (the newest version; the previous one is dropped).</summary>
    public void Begin(WeightSnapshot weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _current = weights;
        _episodes = 0;
        _sum = 0;
    }

    /// <summary>Records one greedy episode of <see cref="Current"/>; returns true when that made it the new <see cref="Best"/>.</summary>
    public bool Add(double episodeReturn)
    {
        if (_current is null)
        {
            throw new InvalidOperationException($"call {nameof(Begin)} before recording episodes");
        }

        _episodes++;
        _sum += episodeReturn;
        if (_episodes != ConfirmEpisodes || !BeatsBest(_sum / _episodes))
        {
            return false;
        }

        // Copied: the snapshot's array may be reused by whoever sent it.
        Best = new EvaluatedWeights(_current with { Weights = (float[])_current.Weights.Clone() }, _sum / _episodes, _episodes);
        return true;
    }

    private bool BeatsBest(double mean) => Best is not { } best || mean > best.MeanReturn;
}

/// <summary>One weights version and the mean return of its own greedy episodes.</summary>
/// <param name="Weights">The version's weights.</param>
/// <param name="MeanReturn">Mean undiscounted return of <paramref name="Episodes"/> greedy episodes played with exactly these weights.</param>
/// <param name="Episodes">At least <see cref="EvaluatedWeightsTracker.ConfirmEpisodes"/>.</param>
public sealed record EvaluatedWeights(WeightSnapshot Weights, double MeanReturn, int Episodes)
{
    /// <summary>As a checkpoint: these weights as online and target network, no optimizer state, the evaluation recorded.</summary>
    public DqnTrainingState ToCheckpoint(QNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var state = new DqnTrainingState(spec) { Updates = Weights.Version, EvaluationMeanReturn = MeanReturn, EvaluationEpisodes = Episodes };
        Weights.Weights.CopyTo(state.Online, 0);
        Weights.Weights.CopyTo(state.Target, 0);
        return state;
    }
}
