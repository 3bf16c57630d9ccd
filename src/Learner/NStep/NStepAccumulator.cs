using System.Numerics.Tensors;
using Flock.Shared.Messages;

namespace Flock.Learner.NStep;

/// <summary>
/// Turns the step stream of K environments into n-step transitions (s_t, a_t, Σᵢ γⁱ r_{t+i}, s_{t+k}, γᵏ, terminated),
/// k ≤ n. Each environment keeps a ring of its last n steps; a transition is emitted when its window is full, and
/// when an episode ends every pending transition of that environment is flushed with the k it actually has:
/// on termination without bootstrap (terminated = true), on truncation bootstrapping from the final observation
/// (terminated = false). Memory is allocated once; pushing a step allocates nothing.
/// </summary>
public sealed class NStepAccumulator
{
    private readonly int _steps;
    private readonly float[] _discountPowers;
    private readonly float[] _observations;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly int[] _oldest;
    private readonly int[] _pending;

    public NStepAccumulator(int envCount, int obsDim, NStepOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(envCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(obsDim, 1);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1, nameof(options));
        if (!(options.Gamma is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"gamma must be in [0, 1], got {options.Gamma}");
        }

        EnvCount = envCount;
        ObsDim = obsDim;
        _steps = options.Steps;
        _discountPowers = new float[_steps + 1];
        for (var k = 0; k <= _steps; k++)
        {
            _discountPowers[k] = (float)Math.Pow(options.Gamma, k);
        }

        _observations = new float[envCount * _steps * obsDim];
        _actions = new int[envCount * _steps];
        _rewards = new float[envCount * _steps];
        _oldest = new int[envCount];
        _pending = new int[envCount];
    }

    public int EnvCount { get; }

    public int ObsDim { get; }

    /// <summary>
    /// Most transitions one <see cref="Push"/> can append (every environment ending an episode with n pending steps):
    /// the free room an output batch needs before each push.
    /// </summary>
    public int MaxTransitionsPerPush => EnvCount * _steps;

    /// <summary>Steps recorded for <paramref name="env"/> and not yet emitted.</summary>
    public int PendingSteps(int env) => _pending[env];

    /// <summary>True when <paramref name="output"/>, holding <paramref name="count"/> rows, may not have room for the next push: publish it.</summary>
    public bool IsFull(TransitionBatch output, int count)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Capacity - count < MaxTransitionsPerPush;
    }

    /// <summary>
    /// Records one step of all K environments and appends the transitions it completes to
    /// <paramref name="output"/> from row <paramref name="outputCount"/> on; returns how many were appended.
    /// Rows of <paramref name="nextObservations"/> whose episode ended hold the final observation (not the reset one).
    /// InitialPriorities of appended rows are set to −1 ("use the replay's max") until the actor computes them.
    /// Count and WeightsVersion of a <see cref="TransitionBatch"/> are init-only, so the caller keeps the running
    /// count and publishes with <c>output with { Count = count, WeightsVersion = version }</c>.
    /// </summary>
    /// <param name="observations">K × ObsDim observations s_t the actions were chosen on.</param>
    /// <param name="actions">K actions a_t.</param>
    /// <param name="rewards">K rewards r_t.</param>
    /// <param name="terminated">K flags: the episode reached a terminal state (no bootstrap).</param>
    /// <param name="truncated">K flags: the episode was cut short (time limit); bootstrap from the final observation.</param>
    /// <param name="nextObservations">K × ObsDim observations s_{t+1}.</param>
    /// <param name="output">Batch to append to; needs <see cref="MaxTransitionsPerPush"/> free rows.</param>
    /// <param name="outputCount">Rows of <paramref name="output"/> already used.</param>
    /// <param name="dropped">
    /// Optional K flags: environments whose step faulted (their rows hold no transition). Their pending steps
    /// are dropped unemitted, since the episode they belonged to was abandoned; empty means none.
    /// </param>
    public int Push(
        ReadOnlySpan<float> observations,
        ReadOnlySpan<int> actions,
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> nextObservations,
        TransitionBatch output,
        int outputCount,
        ReadOnlySpan<bool> dropped = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var stepFloats = EnvCount * ObsDim;
        if (observations.Length < stepFloats || nextObservations.Length < stepFloats || actions.Length < EnvCount
            || rewards.Length < EnvCount || terminated.Length < EnvCount || truncated.Length < EnvCount
            || (!dropped.IsEmpty && dropped.Length < EnvCount))
        {
            throw new ArgumentException($"a step of {EnvCount} environments needs {stepFloats} observation floats and {EnvCount} actions, rewards and flags");
        }

        if (output.ObsDim != ObsDim)
        {
            throw new ArgumentException($"output batch observations have {output.ObsDim} floats, the environments produce {ObsDim}", nameof(output));
        }

        if (outputCount < 0 || output.Capacity - outputCount < MaxTransitionsPerPush)
        {
            throw new ArgumentException(
                $"output batch has {output.Capacity - outputCount} free rows, a push may append {MaxTransitionsPerPush}; publish it first (see IsFull)",
                nameof(outputCount));
        }

        var row = outputCount;
        for (var env = 0; env < EnvCount; env++)
        {
            if (!dropped.IsEmpty && dropped[env])
            {
                Clear(env);
                continue;
            }

            Record(env, observations.Slice(env * ObsDim, ObsDim), actions[env], rewards[env]);
            var nextObservation = nextObservations.Slice(env * ObsDim, ObsDim);
            var ended = terminated[env] || truncated[env];
            if (_pending[env] == _steps || ended)
            {
                // The oldest step's window is complete; with an episode end, so is every later one.
                do
                {
                    EmitOldest(env, nextObservation, terminated[env], output, row++);
                }
                while (ended && _pending[env] > 0);
            }
        }

        return row - outputCount;
    }

    /// <summary>Drops <paramref name="env"/>'s pending steps without emitting them (e.g. after an environment failure).</summary>
    public void Clear(int env)
    {
        _pending[env] = 0;
        _oldest[env] = 0;
    }

    private void Record(int env, ReadOnlySpan<float> observation, int action, float reward)
    {
        var slot = (env * _steps) + ((_oldest[env] + _pending[env]) % _steps);
        observation.CopyTo(_observations.AsSpan(slot * ObsDim, ObsDim));
        _actions[slot] = action;
        _rewards[slot] = reward;
        _pending[env]++;
    }

    private void EmitOldest(int env, ReadOnlySpan<float> bootstrapObservation, bool terminated, TransitionBatch output, int row)
    {
        var k = _pending[env];
        var first = env * _steps;
        var oldest = _oldest[env];
        var discountedReturn = 0.0;
        for (var i = 0; i < k; i++)
        {
            discountedReturn += _discountPowers[i] * (double)_rewards[first + ((oldest + i) % _steps)];
        }

        var slot = first + oldest;
        var observation = _observations.AsSpan(slot * ObsDim, ObsDim);
        if (output.Encoding == ObservationEncoding.UInt8)
        {
            // A board's cells are 0 or 1: the batch carries them as bytes, never as floats.
            TensorPrimitives.ConvertTruncating(observation, output.ObservationBytes.AsSpan(row * ObsDim, ObsDim));
            TensorPrimitives.ConvertTruncating(bootstrapObservation, output.NextObservationBytes.AsSpan(row * ObsDim, ObsDim));
        }
        else
        {
            observation.CopyTo(output.Observations.AsSpan(row * ObsDim, ObsDim));
            bootstrapObservation.CopyTo(output.NextObservations.AsSpan(row * ObsDim, ObsDim));
        }

        output.Actions[row] = _actions[slot];
        output.Rewards[row] = (float)discountedReturn;
        output.Discounts[row] = _discountPowers[k];
        output.Terminated[row] = terminated;
        output.InitialPriorities[row] = -1f;

        _oldest[env] = (oldest + 1) % _steps;
        _pending[env] = k - 1;
    }
}
