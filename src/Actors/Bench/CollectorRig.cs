using Flock.Actors.Local;
using Flock.Actors.Roles;
using Flock.Actors.Runtime;
using Flock.Environments;
using Flock.Learner.Exploration;
using Flock.Learner.Networks;
using Flock.Learner.Replay;
using Flock.Shared.Configuration;

namespace Flock.Actors.Bench;

/// <summary>
/// The collector under benchmark, running until disposed: environment actors stepping CartPole into the real
/// replay actor, no learner. Readers sample its counters from outside at any moment, so one rig can serve a
/// single measured window or many short segments with a setting changed between them.
/// </summary>
internal sealed class CollectorRig : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly List<EnvironmentActorCounters> _counters;
    private readonly PrioritizedReplay _replay;

    private CollectorRig(ActorSystem system, List<EnvironmentActorCounters> counters, PrioritizedReplay replay)
    {
        _system = system;
        _counters = counters;
        _replay = replay;
    }

    /// <summary>Transitions the replay has stored so far.</summary>
    public long Inserted => _replay.InsertedCount;

    /// <summary>Starts <paramref name="actorCount"/> actors with a uniform random policy or a 4-64-64-2 network.</summary>
    public static CollectorRig Start(bool randomPolicy, int actorCount, int envsPerActor, int sendBatchSize)
    {
        var environment = EnvRegistry.Default.Get(BuiltInEnvironments.CartPole);
        var spec = new QNetworkSpec(environment.ObservationSpace.Size, environment.ActionSpace.N, [64, 64], dueling: false);
        var weights = new QNetwork(spec, seed: 1).Snapshot();
        var replayBuffer = new PrioritizedReplay(new ReplayOptions(1_000_000, spec.ObsDim, betaAnnealSamples: 1), seed: 1);

        // No learner samples, so the limiter must never hold inserts back: its minimum size is never reached.
        var limiter = new SampleToInsertRatioLimiter(int.MaxValue, 1, 0);
        var exploration = randomPolicy
            ? new ExplorationOptions { Kind = EpsilonScheduleKind.LinearDecay, Start = 1, End = 1, DecaySteps = 1 }
            : new ExplorationOptions { Kind = EpsilonScheduleKind.LinearDecay, Start = 0, End = 0, DecaySteps = 1 };
        var system = new ActorSystem("bench-collector", new ActorSystemOptions { Log = new TextWriterActorLog(TextWriter.Null) });
        var sink = system.Spawn<ICoordinatorMessage>("coordinator", () => new IgnoreAll<ICoordinatorMessage>(), new ActorOptions { MailboxCapacity = 1024 });
        var replay = system.Spawn("replay", () => new ReplayActor(replayBuffer, limiter, sink, TimeSpan.FromHours(1)),
            new ActorOptions { Role = "replay", MailboxCapacity = (LocalRun.MaxBatchesInFlight * actorCount) + 16, Execution = ActorExecution.DedicatedThread });
        var counters = new List<EnvironmentActorCounters>();
        for (var i = 0; i < actorCount; i++)
        {
            var setup = new EnvironmentActorSetup(i, actorCount, environment, envsPerActor, (ulong)(i + 1), spec, weights,
                new Flock.Learner.NStep.NStepOptions(), exploration, sendBatchSize,
                randomPolicy ? InitialPriorityKind.Max : InitialPriorityKind.Actor, LocalRun.MaxBatchesInFlight, TimeSpan.FromHours(1));
            var c = new EnvironmentActorCounters();
            counters.Add(c);
            LocalRun.SpawnEnvironmentActor(system.Root, $"env-{i}", setup, c, replay, sink);
        }

        return new CollectorRig(system, counters, replayBuffer);
    }

    /// <summary>The actors' phase times so far; counters owned by other threads, read as whole 64-bit words: exact enough for a benchmark.</summary>
    public EnvironmentActorTimes Times() => new()
    {
        Stepping = _counters.Sum(c => Volatile.Read(ref c.Times.Stepping)),
        Inference = _counters.Sum(c => Volatile.Read(ref c.Times.Inference)),
        Batching = _counters.Sum(c => Volatile.Read(ref c.Times.Batching)),
        Sending = _counters.Sum(c => Volatile.Read(ref c.Times.Sending)),
    };

    public async ValueTask DisposeAsync()
    {
        await _system.StopAsync(TimeSpan.FromSeconds(10));
        await _system.DisposeAsync();
    }

    private sealed class IgnoreAll<T> : Actor<T>
    {
        public override ValueTask ReceiveAsync(T message) => ValueTask.CompletedTask;
    }
}
