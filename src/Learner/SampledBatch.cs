using Flock.Learner.Numerics;

namespace Flock.Learner;

/// <summary>
/// A batch drawn from prioritized replay, ready for one DQN update. Structure of arrays, allocated once
/// and refilled for every sample so the learner's steady state allocates nothing.
/// </summary>
public sealed class SampledBatch
{
    public SampledBatch(int capacity, int obsDim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(obsDim, 1);
        ObsDim = obsDim;
        Observations = new float[capacity * obsDim];
        NextObservations = new float[capacity * obsDim];
        Actions = new int[capacity];
        Rewards = new float[capacity];
        Discounts = new float[capacity];
        Terminated = new bool[capacity];
        ImportanceWeights = new float[capacity];
        Keys = new long[capacity];
    }

    /// <summary>Rows filled by the last sample.</summary>
    public int Count { get; set; }

    public int ObsDim { get; }

    public int Capacity => Actions.Length;

    /// <summary>Count × ObsDim observations s_t.</summary>
    public float[] Observations { get; }

    /// <summary>Count × ObsDim bootstrap observations s_{t+k}.</summary>
    public float[] NextObservations { get; }

    public int[] Actions { get; }

    /// <summary>Discounted k-step returns.</summary>
    public float[] Rewards { get; }

    /// <summary>γ^k bootstrap factors.</summary>
    public float[] Discounts { get; }

    /// <summary>True where the episode terminated inside the k steps: no bootstrap.</summary>
    public bool[] Terminated { get; }

    /// <summary>Importance-sampling weights, normalised so the largest is 1.</summary>
    public float[] ImportanceWeights { get; }

    /// <summary>Replay insertion keys, to send new priorities back.</summary>
    public long[] Keys { get; }

    /// <summary>
    /// A synthetic batch for benches and parity checks, PyTorch peer's data: standard-normal observations (0/1 boards
    /// with about a tenth of the cells set when <paramref name="binary"/>), normal rewards, uniform actions and
    /// importance weights, discount 0.99, no terminals.
    /// </summary>
    public static SampledBatch Synthetic(FastRandom random, int batchSize, int obsDim, int actions, bool binary)
    {
        ArgumentNullException.ThrowIfNull(random);
        var batch = new SampledBatch(batchSize, obsDim) { Count = batchSize };
        for (var i = 0; i < batchSize * obsDim; i++)
        {
            batch.Observations[i] = SyntheticObservation(random, binary);
            batch.NextObservations[i] = SyntheticObservation(random, binary);
        }

        for (var i = 0; i < batchSize; i++)
        {
            batch.Actions[i] = random.NextInt(actions);
            batch.Rewards[i] = Normal(random);
            batch.Discounts[i] = 0.99f;
            batch.ImportanceWeights[i] = random.NextSingle();
            batch.Keys[i] = i;
        }

        return batch;
    }

    /// <summary>One value of <see cref="Synthetic"/>'s observations.</summary>
    public static float SyntheticObservation(FastRandom random, bool binary)
    {
        ArgumentNullException.ThrowIfNull(random);
        return binary ? (random.NextDouble() < 0.1 ? 1f : 0f) : Normal(random);
    }

    private static float Normal(FastRandom random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
