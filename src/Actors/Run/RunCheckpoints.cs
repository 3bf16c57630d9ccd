using System.Globalization;
using Flock.Actors.Roles;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Learner.Networks;
using Flock.Shared.Messages;

namespace Flock.Actors.Run;

/// <summary>
/// Keeps a run's <c>checkpoint.bin</c>: the best weights version the evaluator judged over 100 greedy
/// episodes of its own, written (atomically) each time a better one is found, with its mean in the file.
/// Called from the evaluator's thread during the run and from the host after it; actor-free. A write that fails
/// (a full disk) keeps the previous file and is reported once through <c>failed</c>, and later versions are not
/// written: the run is stopping.
/// </summary>
public sealed class RunCheckpoints(RunDirectory directory, QNetworkSpec network, TextWriter log, Action<string>? failed = null)
{
    private readonly Lock _gate = new();
    private EvaluatedWeights? _best;
    private string? _failure;

    /// <summary>Why checkpoint.bin could not be written, or null.</summary>
    public string? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>The version in checkpoint.bin; null before the first.</summary>
    public EvaluatedWeights? Best
    {
        get
        {
            lock (_gate)
            {
                return _best;
            }
        }
    }

    /// <summary>Writes <paramref name="weights"/> as checkpoint.bin when it beats the one there.</summary>
    public void KeepBest(EvaluatedWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        lock (_gate)
        {
            if (_failure is not null || (_best is { } best && best.MeanReturn >= weights.MeanReturn))
            {
                return;
            }

            try
            {
                DqnCheckpoint.Save(directory.CheckpointFile, weights.ToCheckpoint(network));
                _best = weights;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure = $"{directory.CheckpointFile} could not be written ({e.Message}); the last good one is kept";
            }
        }

        if (Failure is { } failure)
        {
            failed?.Invoke(failure);
        }
    }

    /// <summary>
    /// Judges <paramref name="weights"/> with 100 greedy episodes now (a run that ended before the evaluator
    /// judged any version) and keeps them. Episodes whose environment faults are replaced, up to as many again.
    /// </summary>
    public void EvaluateFinal(EnvRegistration environment, WeightSnapshot weights, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(weights);
        var qNetwork = new QNetwork(network);
        qNetwork.LoadWeights(weights.Weights, weights.Version);
        var episode = new GreedyEpisode(environment, qNetwork);
        var tracker = new EvaluatedWeightsTracker(EvaluatedWeightsTracker.ConfirmEpisodes);
        tracker.Begin(weights);
        for (var attempt = 0UL; tracker.WantsMore && attempt < 2 * EvaluatedWeightsTracker.ConfirmEpisodes; attempt++)
        {
            try
            {
                tracker.Add(episode.Play(seed + attempt).Return);
            }
            catch (EnvironmentFaultException)
            {
                // Counted by the run already if it happens there; here the episode is only replaced.
            }
        }

        if (tracker.Best is { } judged)
        {
            KeepBest(judged);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flockrl: no weights version was judged over {EvaluatedWeightsTracker.ConfirmEpisodes} episodes during the run; the final one (version {judged.Weights.Version:N0}) scored {judged.MeanReturn:0.###} and is checkpoint.bin"));
        }
    }
}
