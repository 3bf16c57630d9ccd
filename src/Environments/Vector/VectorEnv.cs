using System.Numerics;
using System.Runtime.InteropServices;

namespace Flock.Environments;

/// <summary>
/// K environments of one id stepped together, with structure-of-arrays buffers and auto-reset, the shape an
/// actor needs to batch its network's forward pass. Nothing is allocated per step.
/// </summary>
/// <remarks>
/// <para>Use: <see cref="Reset"/> once with a seed, then repeatedly read <see cref="Observations"/>, choose
/// one action per environment and call <see cref="Step"/>. After a step, for every environment i:
/// <see cref="Rewards"/>[i], <see cref="Terminated"/>[i] and <see cref="Truncated"/>[i] describe the step;
/// row i of <see cref="FinalObservations"/> is the observation the step produced (s′, the one to bootstrap
/// from, also when the episode was truncated); row i of <see cref="Observations"/> is the observation to act
/// on next, which is the same as s′ unless the episode ended, in which case the environment has already been
/// reset and the row holds the first observation of the next episode.</para>
/// <para>Seeding: environment i is reset with <see cref="Seeding.ForIndex"/>(seed, i); later episodes
/// continue each environment's own generator, so a run is reproducible from one seed.</para>
/// <para>Faults: an environment that throws, or writes a NaN or infinite observation or reward, does not
/// stop the others. Its partial episode is dropped (not counted as finished), it is reset, and its
/// <see cref="Faulted"/> flag is set: that row holds no transition. Once every environment has been stepped,
/// <see cref="Step"/> throws an <see cref="EnvironmentFaultException"/> describing the first fault; the
/// buffers are complete and consistent, so the caller can count the fault, consume the unfaulted rows as
/// usual and keep stepping.</para>
/// </remarks>
public sealed partial class VectorEnv : IDisposable
{
    /// <summary>Rows up to this many floats are copied by a plain loop; longer ones by memmove.</summary>
    private const int SmallRow = 16;

    private readonly IEnvironment[] _environments;
    private readonly int _observationSize;
    private readonly float[] _observations;
    private readonly float[] _finalObservations;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly bool[] _faulted;
    private readonly bool[] _needsReset;
    private readonly double[] _runningReturns;
    private readonly int[] _runningLengths;
    private readonly double[] _finishedReturns;
    private readonly int[] _finishedLengths;
    private readonly long[] _episodeNumbers;
    private bool _isReset;
    private ulong _seed;

    // Which environment StepFrom is stepping, so a throw can be pinned on it.
    private int _steppingIndex;
    private EnvironmentFaultException? _firstFault;

    /// <param name="envId">Id used in fault messages.</param>
    /// <param name="factory">Called <paramref name="count"/> times; usually <see cref="EnvRegistration.Make"/>.</param>
    /// <param name="count">Number of environments, at least 1.</param>
    public VectorEnv(string envId, Func<IEnvironment> factory, int count)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(envId);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        EnvId = envId;
        _environments = new IEnvironment[count];
        for (var i = 0; i < count; i++)
        {
            _environments[i] = factory() ?? throw new InvalidOperationException($"The factory of '{envId}' returned null.");
        }

        ObservationSpace = _environments[0].ObservationSpace;
        ActionSpace = _environments[0].ActionSpace;
        foreach (var environment in _environments)
        {
            if (environment.ObservationSpace.Size != ObservationSpace.Size || environment.ActionSpace.N != ActionSpace.N)
            {
                throw new ArgumentException($"The factory of '{envId}' made environments with different spaces.", nameof(factory));
            }
        }

        _observationSize = ObservationSpace.Size;
        _observations = new float[count * _observationSize];
        _finalObservations = new float[count * _observationSize];
        _rewards = new float[count];
        _terminated = new bool[count];
        _truncated = new bool[count];
        _faulted = new bool[count];
        _needsReset = new bool[count];
        _runningReturns = new double[count];
        _runningLengths = new int[count];
        _finishedReturns = new double[count];
        _finishedLengths = new int[count];
        _episodeNumbers = new long[count];
    }

    public string EnvId { get; }

    /// <summary>Number of environments (K).</summary>
    public int Count => _environments.Length;

    public Box ObservationSpace { get; }

    public Discrete ActionSpace { get; }

    /// <summary>Floats per observation row (<see cref="Box.Size"/>).</summary>
    public int ObservationSize => _observationSize;

    /// <summary>K × <see cref="ObservationSize"/>: the observation each environment is in now, to act on.</summary>
    public ReadOnlySpan<float> Observations => _observations;

    /// <summary>K × <see cref="ObservationSize"/>: the observation the last step produced (s′), before any auto-reset.</summary>
    public ReadOnlySpan<float> FinalObservations => _finalObservations;

    public ReadOnlySpan<float> Rewards => _rewards;

    public ReadOnlySpan<bool> Terminated => _terminated;

    public ReadOnlySpan<bool> Truncated => _truncated;

    /// <summary>True where the environment faulted in the last step and its row holds no transition.</summary>
    public ReadOnlySpan<bool> Faulted => _faulted;

    /// <summary>Return so far of each environment's current episode (0 right after an auto-reset).</summary>
    public ReadOnlySpan<double> RunningReturns => _runningReturns;

    /// <summary>Steps so far of each environment's current episode (0 right after an auto-reset).</summary>
    public ReadOnlySpan<int> RunningLengths => _runningLengths;

    /// <summary>Return of the episode that just ended, where Terminated[i] || Truncated[i]; stale elsewhere.</summary>
    public ReadOnlySpan<double> FinishedReturns => _finishedReturns;

    /// <summary>Length of the episode that just ended, where Terminated[i] || Truncated[i]; stale elsewhere.</summary>
    public ReadOnlySpan<int> FinishedLengths => _finishedLengths;

    /// <summary>Episodes that ended in the last step.</summary>
    public int FinishedCount { get; private set; }

    /// <summary>Environments that faulted in the last step.</summary>
    public int FaultedCount { get; private set; }

    /// <summary>Episodes ended (terminated or truncated) since construction; faulted episodes do not count.</summary>
    public long TotalEpisodes { get; private set; }

    /// <summary>Environment steps that produced a transition since construction.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>Faults since construction.</summary>
    public long TotalFaults { get; private set; }

    /// <summary>The environment at <paramref name="index"/>, e.g. for inspection in tests.</summary>
    public IEnvironment Environment(int index) => _environments[index];

    /// <summary>Row <paramref name="index"/> of <see cref="Observations"/>.</summary>
    public ReadOnlySpan<float> Observation(int index) => _observations.AsSpan(index * _observationSize, _observationSize);

    /// <summary>Row <paramref name="index"/> of <see cref="FinalObservations"/>.</summary>
    public ReadOnlySpan<float> FinalObservation(int index) => _finalObservations.AsSpan(index * _observationSize, _observationSize);

    /// <summary>
    /// Starts a new episode in every environment, environment i seeded with <see cref="Seeding.ForIndex"/>(seed, i),
    /// and clears the per-step buffers and running episode statistics (totals are kept).
    /// </summary>
    /// <exception cref="EnvironmentFaultException">An environment faulted while resetting; see the remarks on faults.</exception>
    public void Reset(ulong seed)
    {
        _seed = seed;
        BeginStep();
        Array.Clear(_rewards);
        Array.Clear(_terminated);
        Array.Clear(_truncated);
        Array.Clear(_finalObservations);
        Array.Clear(_runningReturns);
        Array.Clear(_runningLengths);
        Array.Clear(_episodeNumbers);
        Array.Clear(_needsReset);
        for (var i = 0; i < _environments.Length; i++)
        {
            if (!TryReset(i, Seeding.ForIndex(seed, i)))
            {
                MarkFaulted(i);
            }
        }

        _isReset = true;
        ThrowFirstFault();
    }

    /// <summary>Steps every environment with its action and auto-resets those whose episode ended.</summary>
    /// <param name="actions">One action per environment.</param>
    /// <exception cref="InvalidOperationException"><see cref="Reset"/> was never called.</exception>
    /// <exception cref="ArgumentException">Wrong number of actions.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An action is outside <see cref="ActionSpace"/>; nothing was stepped.</exception>
    /// <exception cref="EnvironmentFaultException">An environment faulted; the step still completed, see the remarks.</exception>
    public void Step(ReadOnlySpan<int> actions)
    {
        if (!_isReset)
        {
            throw new InvalidOperationException($"Call {nameof(Reset)}(seed) before the first {nameof(Step)}.");
        }

        if (actions.Length != _environments.Length)
        {
            throw new ArgumentException($"Expected {_environments.Length} actions, got {actions.Length}.", nameof(actions));
        }

        ValidateActions(actions);
        BeginStep();

        // The exception handler sits outside the per-environment loop so the hot loop carries no EH state;
        // after a throw the loop resumes with the next environment.
        var next = 0;
        while (next < _environments.Length)
        {
            try
            {
                next = StepFrom(next, actions);
            }
            catch (Exception exception)
            {
                var index = _steppingIndex;
                RecordFault(index, _runningLengths[index] + 1, EnvironmentFaultKind.Threw, EnvironmentFaultException.ThrewDetail(exception), exception);
                AbandonEpisode(index);
                next = index + 1;
            }
        }

        ThrowFirstFault();
    }

    /// <summary>Steps environments <paramref name="first"/> .. K-1; returns K. An environment's exception propagates.</summary>
    private int StepFrom(int first, ReadOnlySpan<int> actions)
    {
        var size = _observationSize;
        for (var i = first; i < _environments.Length; i++)
        {
            if (_needsReset[i])
            {
                // Its last reset faulted: this step only retries it, and the action is dropped.
                ClearStep(i);
                _faulted[i] = true;
                FaultedCount++;
                _needsReset[i] = !TryReset(i, seed: null);
                continue;
            }

            var finalRow = _finalObservations.AsSpan(i * size, size);
            _steppingIndex = i;
            var result = _environments[i].Step(actions[i], finalRow);
            if (!AllFinite(finalRow) || !float.IsFinite(result.Reward))
            {
                var (kind, detail) = EnvironmentFaultException.FindNonFinite(finalRow, result.Reward)!.Value;
                RecordFault(i, _runningLengths[i] + 1, kind, detail, null);
                AbandonEpisode(i);
                continue;
            }

            _rewards[i] = result.Reward;
            _terminated[i] = result.Terminated;
            _truncated[i] = result.Truncated;
            _runningReturns[i] += result.Reward;
            _runningLengths[i]++;
            TotalSteps++;
            if (result.Terminated || result.Truncated)
            {
                _finishedReturns[i] = _runningReturns[i];
                _finishedLengths[i] = _runningLengths[i];
                FinishedCount++;
                TotalEpisodes++;
                StartNextEpisode(i);

                // The transition just recorded is valid even if this reset fails; the retry happens next step.
                _needsReset[i] = !TryReset(i, seed: null);
            }
            else
            {
                CopyRow(finalRow, _observations.AsSpan(i * size, size));
            }
        }

        return _environments.Length;
    }

    /// <summary>Disposes the environments that are <see cref="IDisposable"/>.</summary>
    public void Dispose()
    {
        foreach (var environment in _environments)
        {
            (environment as IDisposable)?.Dispose();
        }
    }

    private void ValidateActions(ReadOnlySpan<int> actions)
    {
        var n = (uint)ActionSpace.N;
        for (var i = 0; i < actions.Length; i++)
        {
            if ((uint)actions[i] >= n)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(actions), actions[i], $"{Discrete.OutsideMessage(actions[i], ActionSpace.N)} (environment {i} of {actions.Length})");
            }
        }
    }

    private void BeginStep()
    {
        if (FaultedCount > 0)
        {
            Array.Clear(_faulted);
        }

        FinishedCount = 0;
        FaultedCount = 0;
        _firstFault = null;
    }

    private void StartNextEpisode(int index)
    {
        _runningReturns[index] = 0.0;
        _runningLengths[index] = 0;
        _episodeNumbers[index]++;
    }

    /// <summary>
    /// Copies one observation row. CartPole's rows are a handful of floats, where a plain loop beats a call to
    /// the general memmove; a MinAtar board is 400–1,000 floats, where that loop (an element at a time, bounds
    /// checked) cost more than the game's step itself, and the memmove is many times faster.
    /// </summary>
    private static void CopyRow(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length > SmallRow)
        {
            source.CopyTo(destination);
            return;
        }

        for (var j = 0; j < destination.Length && j < source.Length; j++)
        {
            destination[j] = source[j];
        }
    }

    /// <summary>
    /// True when no value is NaN or infinite. x − x is 0 for every finite x and NaN otherwise, so a vector of
    /// them equals zero exactly when its lanes are all finite: a board of 400–1,000 floats is checked a vector
    /// at a time (it was an element at a time, as long as the step of the game).
    /// </summary>
    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var lanes = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (var v = 0; v < lanes.Length; v++)
            {
                var lane = lanes[v];
                if (!Vector.EqualsAll(lane - lane, Vector<float>.Zero))
                {
                    return false;
                }
            }

            i = lanes.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
