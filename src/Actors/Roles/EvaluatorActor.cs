using Akka.Actor;
using Flock.Actors.Run;
using Flock.Actors.Telemetry;
using Flock.Environments;
using Flock.Learner.Checkpoints;
using Flock.Learner.Networks;
using Flock.Shared.Messages;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Roles;

/// <summary>
/// Plays greedy episodes (ε = 0), one per message so new weights and stop requests are handled between
/// episodes. Which version it plays, and for how long, is the <see cref="EvaluatedWeightsTracker"/>'s call:
/// every version is screened, a promising one is played on to 100 episodes of its own and may become the
/// best (<paramref name="onBest"/>: the run's checkpoint.bin). Only the newest weights wait while it plays.
/// Its returns decide "solved". An environment fault drops the episode, is counted and logged with the
/// episode and step, and evaluation goes on with a new episode.
/// </summary>
public sealed class EvaluatorActor(
    EnvRegistration environment,
    QNetworkSpec network,
    ulong seed,
    int episodesPerVersion,
    IActorRef coordinator,
    RunFaults? faults = null,
    Action<EvaluatedWeights>? onBest = null) : UntypedActor
{
    /// <summary>Role tag of the evaluator (metrics, spans, mailbox statuses).</summary>
    public const string Role = "evaluator";

    private readonly string _name = Context.Self.Path.Name;
    private readonly QNetwork _network = new(network, seed);
    private readonly EvaluatedWeightsTracker _tracker = new(episodesPerVersion);
    private readonly EnvironmentFaultPolicy _faultPolicy = new();
    private readonly RunFaults _faults = faults ?? new RunFaults(Console.Error);
    private GreedyEpisode? _episode;
    private WeightSnapshot? _pending;
    private bool _running;
    private ulong _episodeSeed = seed;
    private long _episodeNumber;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WeightsArrived w:
                _pending = w.Snapshot;
                if (!_running)
                {
                    _running = true;
                    Self.Tell(EvaluateEpisode.Instance);
                }

                break;
            case EvaluateEpisode when _tracker.WantsMore || _pending is not null:
                if (!_tracker.WantsMore)
                {
                    SwapIn(_pending!);
                    _pending = null;
                }

                PlayEpisode();
                Self.Tell(EvaluateEpisode.Instance);
                break;
            case EvaluateEpisode:
                _running = false;
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void SwapIn(WeightSnapshot snapshot)
    {
        using (var swap = FlockSpans.StartChild(SpanNames.ActorWeightsSwap, Role, _name, snapshot.Trace))
        {
            swap.Tag(TagNames.WeightsVersion, snapshot.Version);
            _network.LoadWeights(snapshot.Weights, snapshot.Version);
        }

        _tracker.Begin(snapshot);
    }

    private void PlayEpisode()
    {
        _episode ??= new GreedyEpisode(environment, _network);
        var episode = _episodeNumber++;
        var episodeSeed = _episodeSeed++;
        try
        {
            var (total, length) = _episode.Play(episodeSeed);
            _faultPolicy.Record(length, 0);
            coordinator.Tell(new EvalEpisodeFinished(total, length, _network.Version));
            if (_tracker.Add(total))
            {
                onBest?.Invoke(_tracker.Best!);
            }
        }
        catch (EnvironmentFaultException fault)
        {
            var named = new EnvironmentFaultException(fault.EnvId, fault.EnvIndex, episode, fault.Step, fault.Kind, $"{fault.Detail} (evaluator, episode seed {episodeSeed})", fault.InnerException);
            _faults.Report(_name, named, evaluator: true);
            if (_faultPolicy.Record(Math.Max(fault.Step, 1), 1))
            {
                _faults.GiveUp(_name, environment.Id, _faultPolicy);
            }
        }
    }
}
