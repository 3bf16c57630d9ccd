namespace Flock.Shared.Configuration;

/// <summary>
/// Every knob of a run, flat so that one name serves as the command-line flag (<c>--learning-rate</c>)
/// and the JSON key (<c>"learning-rate"</c>). Defaults are chosen to solve CartPole-v1 quickly on a
/// 2-core machine and are anchored on Ape-X (Horgan et al. 2018) and CleanRL's DQN where those apply.
/// Loaded by <see cref="RunConfigLoader"/>, checked by <see cref="RunConfigValidator"/>.
/// </summary>
public sealed record RunConfig
{
    // ---- Environment ----

    /// <summary>Environment id from the registry (<c>flockrl envs</c> lists them). CartPole-v1 is the
    /// smallest task that still shows whether learning works.</summary>
    [Knob(KnobSection.Environment, "environment id (see `flockrl envs`)")]
    public string Env { get; init; } = "CartPole-v1";

    /// <summary>Assemblies with user environments (classes marked with the environment attribute),
    /// loaded before the environment id is resolved. Repeatable on the command line.</summary>
    [Knob(KnobSection.Environment, "assembly with your own environments (repeatable)")]
    public IReadOnlyList<string> EnvAssembly { get; init; } = [];

    /// <summary>Master seed: every actor, environment, network initialisation and replay derives its
    /// own seed from it, so a run is reproducible up to thread scheduling.</summary>
    [Knob(KnobSection.Environment, "master seed for every random stream of the run", Min = 0)]
    public long Seed { get; init; } = 1;

    /// <summary>Run the same components in lockstep on one thread (<c>train</c> only): the same seed and
    /// configuration then give identical counting metrics and bit-identical checkpoints, at the speed of one
    /// thread.</summary>
    [Knob(KnobSection.Environment, "reproducible run: one thread in lockstep, same seed ⇒ same metrics and checkpoints (train only)")]
    public bool Deterministic { get; init; }

    // ---- Actors ----

    /// <summary>Environment actors. Two keep a 2-core machine busy next to the learner; Ape-X scales
    /// this to hundreds across machines.</summary>
    [Knob(KnobSection.Actors, "number of environment actors", Min = 1, Max = 4096)]
    public int Actors { get; init; } = 2;

    /// <summary>Environments each actor steps together, so one batched forward pass picks all their
    /// actions: inference cost is then shared by K environments.</summary>
    [Knob(KnobSection.Actors, "environments stepped together by each actor", Min = 1, Max = 4096)]
    public int EnvsPerActor { get; init; } = 8;

    /// <summary>Transitions an actor gathers before it sends them to the replay. Larger batches cost
    /// less per transition to move; smaller ones reach the learner sooner. Ape-X used 50.</summary>
    [Knob(KnobSection.Actors, "transitions per batch sent by an actor to the replay", Min = 1, Max = 65536)]
    public int SendBatchSize { get; init; } = 64;

    /// <summary>Where new transitions' priorities come from: the actor's own |TD| estimate (Ape-X) or
    /// the replay's current maximum (Schaul et al.).</summary>
    [Knob(KnobSection.Actors, "initial priority of new transitions: actor (Ape-X) or max")]
    public InitialPriorityKind InitialPriority { get; init; } = InitialPriorityKind.Actor;

    // ---- Network ----

    /// <summary>Hidden layer sizes of the Q-network MLP. 64-64 is ample for classic control and
    /// several times cheaper to train than 256-256.</summary>
    [Knob(KnobSection.Network, "hidden layer sizes, comma separated (e.g. 64,64)", Min = 1, Max = NetworkLimits.MaxLayerWidth)]
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];

    /// <summary>Dueling head (value + advantage − mean advantage). Off by default: it helps on tasks
    /// with many actions of similar value, not on two-action CartPole.</summary>
    [Knob(KnobSection.Network, "use a dueling head")]
    public bool Dueling { get; init; }

    /// <summary>The Q-network as layers, convolutions first (<c>conv16k3s1,fc128</c>: MinAtar's network),
    /// for image observations; unset means the MLP of <see cref="Hidden"/>. Giving both is an error.
    /// Image environments set it through their preset (see <c>flockrl envs</c>).</summary>
    [Knob(KnobSection.Network, "Q-network layers, e.g. conv16k3s1,fc128 (replaces --hidden)")]
    public string? Network { get; init; }

    /// <summary>The architecture <see cref="Network"/> or, when unset, <see cref="Hidden"/> describes.</summary>
    /// <exception cref="ArgumentException"><see cref="Network"/> does not parse (validation reports it first).</exception>
    public Networks.NetworkArchitecture NetworkArchitecture() =>
        Network is null ? Networks.NetworkArchitecture.Mlp(Hidden)
        : Networks.NetworkArchitecture.TryParse(Network, out var architecture, out var problem) ? architecture!
        : throw new ArgumentException($"--network {Network}: {problem}");

    /// <summary>What the learner trains on: the first CUDA device when one is found (auto), the managed SIMD backend on
    /// the CPU, or a CUDA GPU, refused before anything starts where none is found (<c>flockrl devices</c> lists them).
    /// Only the learner uses it; environment actors and actor nodes run their networks on the CPU.</summary>
    [Knob(KnobSection.Network, "learner device: auto (CUDA when found, else CPU), cpu, cuda, or ilgpu-cpu (the GPU kernels on the CPU; slow)")]
    public ComputeDeviceKind Device { get; init; } = ComputeDeviceKind.Auto;

    // ---- Optimizer ----

    /// <summary>Adam learning rate. 1e-3 is on the high side of the CleanRL/Ape-X range (1e-4..1e-3)
    /// and fine for small networks with Huber loss and gradient clipping.</summary>
    [Knob(KnobSection.Optimizer, "Adam learning rate", Min = 0, MinExclusive = true, Max = 1)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>How the learning rate changes over updates.</summary>
    [Knob(KnobSection.Optimizer, "learning-rate schedule: constant, linear or step")]
    public LearningRateScheduleKind LearningRateSchedule { get; init; } = LearningRateScheduleKind.Constant;

    /// <summary>Learning rate reached at the end of a linear schedule.</summary>
    [Knob(KnobSection.Optimizer, "final learning rate of the linear schedule", Min = 0, Max = 1)]
    public double LearningRateFinal { get; init; } = 1e-4;

    /// <summary>Updates over which the linear schedule decays, or between two steps of the step schedule.</summary>
    [Knob(KnobSection.Optimizer, "updates of the linear decay, or between steps of the step schedule", Min = 1)]
    public long LearningRateDecayUpdates { get; init; } = 100_000;

    /// <summary>Factor applied at every step of the step schedule.</summary>
    [Knob(KnobSection.Optimizer, "factor of the step schedule", Min = 0, MinExclusive = true, Max = 1)]
    public double LearningRateStepFactor { get; init; } = 0.5;

    /// <summary>Adam β₁ (PyTorch's default).</summary>
    [Knob(KnobSection.Optimizer, "Adam beta1", Min = 0, Max = 0.999999)]
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>Adam β₂ (PyTorch's default).</summary>
    [Knob(KnobSection.Optimizer, "Adam beta2", Min = 0, Max = 0.999999999)]
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>Adam ε. PyTorch's 1e-8, with which the classic-control defaults were tuned. Environments whose networks
    /// stall at it set a larger one in their preset (MinAtar Seaquest and Asterix: Rainbow's 1.5e-4), where a tiny ε
    /// lets Adam scale the noise of weights with tiny gradients up to full-size steps.</summary>
    [Knob(KnobSection.Optimizer, "Adam epsilon", Min = 0, MinExclusive = true, Max = 1)]
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>Clip gradients by global norm (Ape-X clips at 40, CleanRL at 10). 0 disables clipping.</summary>
    [Knob(KnobSection.Optimizer, "global gradient-norm clip (0 = off)", Min = 0)]
    public double GradClipNorm { get; init; } = 10;

    /// <summary>Loss on the TD error; Huber keeps rare huge targets from dominating.</summary>
    [Knob(KnobSection.Optimizer, "loss: huber or mse")]
    public LossKind Loss { get; init; } = LossKind.Huber;

    // ---- DQN ----

    /// <summary>Discount factor γ.</summary>
    [Knob(KnobSection.Dqn, "discount factor gamma", Min = 0, Max = 1)]
    public double Gamma { get; init; } = 0.99;

    /// <summary>Steps summed into one n-step return (Ape-X uses 3): faster credit assignment at a
    /// small cost in bias.</summary>
    [Knob(KnobSection.Dqn, "n of the n-step return", Min = 1, Max = 100)]
    public int NStep { get; init; } = 3;

    /// <summary>Double DQN: the online network picks the next action and the target network values it,
    /// which removes most of DQN's overestimation.</summary>
    [Knob(KnobSection.Dqn, "use Double DQN targets")]
    public bool DoubleDqn { get; init; } = true;

    /// <summary>Transitions per learner update (CleanRL uses 128, Ape-X 512).</summary>
    [Knob(KnobSection.Dqn, "transitions sampled per learner update", Min = 1, Max = 65536)]
    public int BatchSize { get; init; } = 128;

    /// <summary>Learner updates between copies of the online network into the target network.</summary>
    [Knob(KnobSection.Dqn, "learner updates between target-network syncs", Min = 1)]
    public int TargetUpdateInterval { get; init; } = 250;

    /// <summary>Learner updates between weight broadcasts to the actors; 0 broadcasts at each target
    /// sync. Ape-X actors fetch weights every 400 frames; broadcasting more often only costs bandwidth.</summary>
    [Knob(KnobSection.Dqn, "learner updates between weight broadcasts (0 = at each target sync)", Min = 0)]
    public int BroadcastInterval { get; init; }

    // ---- Replay ----

    /// <summary>Replay capacity in transitions; oldest are overwritten first. Ape-X used 2M for Atari;
    /// 100K holds ~200 CartPole episodes of full length.</summary>
    [Knob(KnobSection.Replay, "replay capacity in transitions", Min = 1, Max = 100_000_000)]
    public int ReplayCapacity { get; init; } = 100_000;

    /// <summary>Transitions in the replay before the learner may sample: a few batches, so early
    /// updates do not overfit a handful of transitions.</summary>
    [Knob(KnobSection.Replay, "transitions in the replay before learning starts", Min = 1)]
    public int ReplayMinSize { get; init; } = 1_000;

    /// <summary>Priority exponent α (Schaul et al. and Ape-X: 0.6). 0 is uniform sampling.</summary>
    [Knob(KnobSection.Replay, "priority exponent alpha (0 = uniform)", Min = 0, Max = 1)]
    public double PriorityAlpha { get; init; } = 0.6;

    /// <summary>Importance-sampling exponent β at the start, annealed to 1 (Schaul et al.: 0.4).</summary>
    [Knob(KnobSection.Replay, "importance-sampling exponent beta at the start", Min = 0, Max = 1)]
    public double PriorityBetaStart { get; init; } = 0.4;

    /// <summary>Sampled transitions over which β is annealed linearly to 1.</summary>
    [Knob(KnobSection.Replay, "sampled transitions over which beta anneals to 1", Min = 1)]
    public long PriorityBetaAnnealSamples { get; init; } = 10_000_000;

    /// <summary>Target ratio of sampled to inserted transitions (Reverb's samples-per-insert). It keeps
    /// learning stable whatever the number of actors: more actors make data arrive faster, not make
    /// the learner reuse each transition less.</summary>
    [Knob(KnobSection.Replay, "target sampled/inserted transitions ratio", Min = 0, MinExclusive = true, Max = 10_000)]
    public double SamplesPerInsert { get; init; } = 8;

    /// <summary>How far (in sampled transitions) sampling may run ahead of or behind the target ratio
    /// before one side waits. Large enough that neither side stalls on noise.</summary>
    [Knob(KnobSection.Replay, "slack of the samples-per-insert ratio, in transitions", Min = 0)]
    public double SamplesPerInsertTolerance { get; init; } = 100_000;

    // ---- Exploration ----

    /// <summary>Per-actor fixed ε (Ape-X) or a decaying schedule.</summary>
    [Knob(KnobSection.Exploration, "exploration: apex (fixed per-actor epsilon) or decay")]
    public ExplorationKind Exploration { get; init; } = ExplorationKind.Apex;

    /// <summary>Ape-X εᵢ = base^(1 + alpha·i/(N−1)); base 0.4 (Ape-X).</summary>
    [Knob(KnobSection.Exploration, "Ape-X epsilon base", Min = 0, Max = 1)]
    public double EpsilonBase { get; init; } = 0.4;

    /// <summary>Ape-X exponent spread α (Ape-X: 7), so actors range from ε = 0.4 to 0.4⁸ ≈ 0.0007.</summary>
    [Knob(KnobSection.Exploration, "Ape-X epsilon exponent alpha", Min = 0)]
    public double EpsilonAlpha { get; init; } = 7;

    /// <summary>ε at the first step of the decay schedule.</summary>
    [Knob(KnobSection.Exploration, "decay schedule: epsilon at the start", Min = 0, Max = 1)]
    public double EpsilonStart { get; init; } = 1.0;

    /// <summary>ε after the decay (CleanRL: 0.05).</summary>
    [Knob(KnobSection.Exploration, "decay schedule: epsilon at the end", Min = 0, Max = 1)]
    public double EpsilonEnd { get; init; } = 0.05;

    /// <summary>Environment steps of each actor over which ε decays linearly.</summary>
    [Knob(KnobSection.Exploration, "decay schedule: env steps per actor to reach the end", Min = 1)]
    public long EpsilonDecaySteps { get; init; } = 10_000;

    // ---- Intervals ----

    /// <summary>Seconds between rows of metrics.csv and progress updates.</summary>
    [Knob(KnobSection.Intervals, "seconds between metrics rows and progress lines", Min = 0.05, Max = 3600)]
    public double MetricsIntervalSeconds { get; init; } = 1;

    /// <summary>Seconds between saves of the learner's full state to checkpoint-last.bin (with summary.json beside it), so a
    /// killed run loses at most this much training; 0 saves only at stop.</summary>
    [Knob(KnobSection.Intervals, "seconds between saves of checkpoint-last.bin and summary.json while the run lives (0 = only at stop)", Min = 0, Max = 86400)]
    public double CheckpointIntervalSeconds { get; init; } = 60;

    /// <summary>Greedy evaluation episodes played with each new weight version the evaluator receives.</summary>
    [Knob(KnobSection.Intervals, "greedy evaluation episodes per received weight version", Min = 1, Max = 1000)]
    public int EvalEpisodesPerVersion { get; init; } = 10;

    // ---- Stop ----

    /// <summary>Stop after this many environment steps in total; absent means no limit.</summary>
    [Knob(KnobSection.Stop, "stop after this many env steps (all actors)", Min = 1)]
    public long? MaxEnvSteps { get; init; }

    /// <summary>Stop after this many seconds of wall time; absent means no limit.</summary>
    [Knob(KnobSection.Stop, "stop after this many seconds", Min = 0, MinExclusive = true)]
    public double? MaxSeconds { get; init; }

    /// <summary>Stop as soon as the mean of the last 100 greedy evaluation episodes reaches the
    /// environment's solve threshold.</summary>
    [Knob(KnobSection.Stop, "stop when the environment is solved")]
    public bool StopWhenSolved { get; init; }

    // ---- Output ----

    /// <summary>Run directory; default <c>runs/&lt;env&gt;-&lt;utc stamp&gt;</c>.</summary>
    [Knob(KnobSection.Output, "run directory (default runs/<env>-<utc-stamp>)")]
    public string? Out { get; init; }

    // ---- Telemetry ----

    /// <summary>Write spans as Chrome trace-event JSON (opens in Perfetto UI and chrome://tracing).</summary>
    [Knob(KnobSection.Telemetry, "write spans to this Chrome trace-event JSON file")]
    public string? TraceFile { get; init; }

    /// <summary>Export traces and metrics over OTLP/HTTP to this endpoint.</summary>
    [Knob(KnobSection.Telemetry, "export traces and metrics over OTLP/HTTP to this URL")]
    public string? OtlpEndpoint { get; init; }

    /// <summary>Share of traces recorded when tracing is on. Low by default so tracing costs little.</summary>
    [Knob(KnobSection.Telemetry, "share of traces sampled when tracing is on", Min = 0, Max = 1)]
    public double TraceSampleRatio { get; init; } = 0.01;

    // ---- Cluster ----

    /// <summary>Seconds between heartbeats of an actor node.</summary>
    [Knob(KnobSection.Cluster, "seconds between actor-node heartbeats", Min = 0.05, Max = 60)]
    public double HeartbeatIntervalSeconds { get; init; } = 1;

    /// <summary>Silence after which the learner marks an actor node gone.</summary>
    [Knob(KnobSection.Cluster, "seconds of silence before a node counts as gone", Min = 0.1, Max = 3600)]
    public double NodeTimeoutSeconds { get; init; } = 5;
}
