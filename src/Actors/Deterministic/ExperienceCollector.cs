using Flock.Actors.Run;
using Flock.Environments;
using Flock.Learner.Exploration;
using Flock.Learner.Networks;
using Flock.Learner.NStep;
using Flock.Learner.Numerics;
using Flock.Shared.Configuration;
using Flock.Shared.Messages;

namespace Flock.Actors.Deterministic;

/// <summary>
/// One actor slot's collection without an actor: a <see cref="VectorEnv"/> stepped with a local network
/// (ε-greedy, the Ape-X ε of its slot), n-step transitions into a batch, initial priorities computed when
/// the batch is taken. Seeded exactly as the environment actor of the same slot is. Environment faults
/// reset the faulted environment and are reported like the actors' (<see cref="RunFaults"/>).
/// </summary>
public sealed class ExperienceCollector
{
    private readonly int _actorId;
    private readonly int _sendBatchSize;
    private readonly InitialPriorityKind _initialPriority;
    private readonly VectorEnv _envs;
    private readonly QNetwork _network;
    private readonly EpsilonGreedyPolicy _policy;
    private readonly EpsilonSchedule _epsilon;
    private readonly NStepAccumulator _nStep;
    private readonly InitialPriorityCalculator _priorities;
    private readonly EnvironmentFaultPolicy _faultPolicy = new();
    private readonly RunFaults _faults;
    private readonly float[] _observations;
    private readonly int[] _actions;
    private readonly string _name;
    private TransitionBatch _batch;
    private int _batchCount;
    private double _returnSum;
    private long _returnCount;

    public ExperienceCollector(EnvRegistration environment, QNetworkSpec network, WeightSnapshot weights, RunConfig config, int actorId, ulong seed, RunFaults faults)
    {
        _actorId = actorId;
        _sendBatchSize = config.SendBatchSize;
        _initialPriority = config.InitialPriority;
        _name = $"env-{actorId}";
        _faults = faults;
        _envs = environment.MakeVector(config.EnvsPerActor);
        _network = new QNetwork(network, seed);
        _network.LoadWeights(weights.Weights, weights.Version);
        _policy = new EpsilonGreedyPolicy(_network, new FastRandom(seed ^ 0x9E3779B97F4A7C15UL));
        _epsilon = EpsilonSchedule.ForActor(Local.LearnerConfiguration.Exploration(config), actorId, config.Actors);
        _nStep = new NStepAccumulator(config.EnvsPerActor, _envs.ObservationSize, Local.LearnerConfiguration.NStep(config));
        _priorities = new InitialPriorityCalculator(_network);
        _observations = new float[config.EnvsPerActor * _envs.ObservationSize];
        _actions = new int[config.EnvsPerActor];
        _batch = NewBatch();
        _envs.Reset(seed);
    }

    /// <summary>Environments stepped together: the env steps of one <see cref="Step"/>.</summary>
    public int EnvCount => _envs.Count;

    public long EnvSteps { get; private set; }

    public long Episodes { get; private set; }

    public long EnvErrors { get; private set; }

    public long WeightsVersion => _network.Version;

    public double Epsilon => _epsilon.EpsilonAt(EnvSteps);

    /// <summary>True when the batch is full and should be taken.</summary>
    public bool BatchFull => _batchCount >= _sendBatchSize;

    /// <summary>True once this slot's fault budget is spent (the run has been told).</summary>
    public bool GaveUp => _faultPolicy.GaveUp;

    /// <summary>Swaps in new weights.</summary>
    public void Load(WeightSnapshot weights) => _network.LoadWeights(weights.Weights, weights.Version);

    /// <summary>One vector step of every environment.</summary>
    public void Step()
    {
        var k = _envs.Count;
        _envs.Observations.CopyTo(_observations);
        _policy.SelectActions(_observations, k, Epsilon, _actions);
        try
        {
            _envs.Step(_actions);
        }
        catch (EnvironmentFaultException fault)
        {
            EnvErrors += _envs.FaultedCount;
            _faults.Report(_name, fault, _envs.FaultedCount);
        }

        if (_faultPolicy.Record(k, _envs.FaultedCount))
        {
            _faults.GiveUp(_name, _envs.EnvId, _faultPolicy);
        }

        _batchCount += _nStep.Push(_observations, _actions, _envs.Rewards, _envs.Terminated, _envs.Truncated, _envs.FinalObservations, _batch, _batchCount, _envs.Faulted);
        EnvSteps += k;
        var terminated = _envs.Terminated;
        var truncated = _envs.Truncated;
        for (var e = 0; e < k; e++)
        {
            if (terminated[e] || truncated[e])
            {
                Episodes++;
                _returnSum += _envs.FinishedReturns[e];
                _returnCount++;
            }
        }
    }

    /// <summary>The batch so far with its initial priorities, or null when empty; the next one starts fresh.</summary>
    public TransitionBatch? TakeBatch()
    {
        if (_batchCount == 0)
        {
            return null;
        }

        var batch = _batch with { Count = _batchCount, WeightsVersion = _network.Version };
        if (_initialPriority == InitialPriorityKind.Actor)
        {
            _priorities.Compute(batch, _batchCount);
        }
        else
        {
            batch.InitialPriorities.AsSpan(0, _batchCount).Fill(-1f);
        }

        _batch = NewBatch();
        _batchCount = 0;
        return batch;
    }

    /// <summary>Sum and count of the returns of the training episodes finished since the last call.</summary>
    public (double Sum, long Count) TakeReturns()
    {
        var taken = (_returnSum, _returnCount);
        _returnSum = 0;
        _returnCount = 0;
        return taken;
    }

    private TransitionBatch NewBatch() => TransitionBatch.Allocate(_actorId, _sendBatchSize + _nStep.MaxTransitionsPerPush, _envs.ObservationSize, _envs.ObservationSpace.Encoding);
}
