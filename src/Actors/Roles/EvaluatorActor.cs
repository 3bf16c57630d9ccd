using Akka.Actor;
using Flock.Actors.Telemetry;
using Flock.Environments;
using Flock.Learner.Networks;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Roles;

/// <summary>
/// Plays greedy episodes (ε = 0) with the newest weights it was sent: a fixed number per weight version,
/// one episode per message so new weights and stop requests are handled between episodes. Its returns
/// decide "solved".
/// </summary>
public sealed class EvaluatorActor(
    EnvRegistration environment,
    QNetworkSpec network,
    ulong seed,
    int episodesPerVersion,
    IActorRef coordinator) : UntypedActor
{
    /// <summary>Role tag of the evaluator (metrics, spans, mailbox statuses).</summary>
    public const string Role = "evaluator";

    private readonly string _name = Context.Self.Path.Name;
    private readonly QNetwork _network = new(network, seed);
    private GreedyEpisode? _episode;
    private bool _hasWeights;
    private int _episodesLeft;
    private bool _running;
    private ulong _episodeSeed = seed;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WeightsArrived w:
                using (var swap = FlockSpans.StartChild(SpanNames.ActorWeightsSwap, Role, _name, w.Snapshot.Trace))
                {
                    swap.Tag(TagNames.WeightsVersion, w.Snapshot.Version);
                    _network.LoadWeights(w.Snapshot.Weights, w.Snapshot.Version);
                }

                _hasWeights = true;
                _episodesLeft = episodesPerVersion;
                if (!_running)
                {
                    _running = true;
                    Self.Tell(EvaluateEpisode.Instance);
                }

                break;
            case EvaluateEpisode when _hasWeights && _episodesLeft > 0:
                PlayEpisode();
                _episodesLeft--;
                _running = _episodesLeft > 0;
                if (_running)
                {
                    Self.Tell(EvaluateEpisode.Instance);
                }

                break;
            case EvaluateEpisode:
                _running = false;
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void PlayEpisode()
    {
        _episode ??= new GreedyEpisode(environment, _network);
        var (total, length) = _episode.Play(_episodeSeed++);
        coordinator.Tell(new EvalEpisodeFinished(total, length, _network.Version));
    }
}
