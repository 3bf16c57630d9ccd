using Flock.Learner.Numerics;
using System.Numerics.Tensors;
using Flock.Shared.Messages;

namespace Flock.Learner.Replay;

/// <summary>
/// Proportional prioritized experience replay (Schaul et al. 2016) as used by Ape-X: transitions are
/// sampled with probability P(i) = p_i / Σ p, p_i = (|δ_i| + ε)^α, and carry importance weights
/// (N·P(i))^−β / max_j (N·P(j))^−β. FIFO at capacity: each new transition overwrites the oldest.
/// Every transition gets a monotonic insertion key; samples report keys, and priority updates name keys,
/// so an update that arrives after its slot was overwritten is recognised and dropped.
/// Single-threaded by design (the replay actor owns it); after the first sample of the largest batch size
/// nothing here allocates.
/// </summary>
public sealed class PrioritizedReplay
{
    /// <summary>Stored priority given to a new transition before any priority has been seen (1^α).</summary>
    private const float InitialMaxPriority = 1f;

    private readonly ReplayOptions _options;
    private readonly PriorityTransform _priority;
    private readonly BetaSchedule _beta;
    private readonly TransitionRows _rows;
    private readonly PriorityTree _tree;
    private readonly FastRandom _random;
    private double[] _targets = [];
    private int[] _slots = [];
    private float[] _newPriorities = [];
    private long _nextKey;
    private float _maxPriority = InitialMaxPriority;

    /// <param name="options">Capacity, observation size and the prioritisation exponents.</param>
    /// <param name="seed">Seed of the replay's own generator: equal seeds and equal calls give equal samples.</param>
    public PrioritizedReplay(ReplayOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _priority = new PriorityTransform(options.Alpha, options.PriorityFloor);
        _beta = new BetaSchedule(options.BetaStart, options.BetaAnnealSamples);
        _rows = new TransitionRows(options.Capacity, options.ObsDim, options.ObservationEncoding);
        _tree = new PriorityTree(options.Capacity);
        _random = new FastRandom(seed);
    }

    public int Capacity => _options.Capacity;

    public int ObsDim => _options.ObsDim;

    /// <summary>Transitions stored now: the number inserted, capped at <see cref="Capacity"/>.</summary>
    public int Count => (int)Math.Min(_nextKey, _options.Capacity);

    /// <summary>Transitions ever inserted; also the key the next one will get.</summary>
    public long InsertedCount => _nextKey;

    /// <summary>Transitions ever sampled (sum of batch sizes, with repeats); drives β annealing.</summary>
    public long SampledCount { get; private set; }

    /// <summary>Priority updates ignored because their key's slot had been overwritten (or never existed).</summary>
    public long StaleUpdateCount { get; private set; }

    /// <summary>Σ p_i over stored transitions.</summary>
    public double TotalPriority => _tree.Total;

    /// <summary>
    /// Largest stored priority ever assigned (a running maximum, as in Schaul et al.; it does not fall when that
    /// transition is overwritten or lowered). New transitions without an initial priority get it, so they are
    /// sampled at least once with high probability.
    /// </summary>
    public float MaxPriority => _maxPriority;

    /// <summary>Smallest priority among stored transitions; +∞ while empty.</summary>
    public float MinPriority => _tree.Min;

    /// <summary>β the next sample will use.</summary>
    public double Beta => _beta.At(SampledCount);

    /// <summary>
    /// Stores the first <see cref="TransitionBatch.Count"/> rows of <paramref name="batch"/>, overwriting the
    /// oldest transitions once full. Row i gets priority (InitialPriorities[i] + ε)^α when that is ≥ 0, else
    /// <see cref="MaxPriority"/>. The whole batch is validated before anything is stored.
    /// </summary>
    public void Add(TransitionBatch batch)
    {
        ValidateBatch(batch);
        Span<float> priorities = stackalloc float[256];
        var capacity = _options.Capacity;
        var row = 0;
        while (row < batch.Count)
        {
            // A chunk never wraps past the end of the ring, so records and trees see one contiguous slot range.
            var slot = (int)(_nextKey % capacity);
            var count = Math.Min(Math.Min(batch.Count - row, capacity - slot), priorities.Length);
            var chunk = priorities[..count];
            for (var i = 0; i < count; i++)
            {
                var initial = batch.InitialPriorities[row + i];
                chunk[i] = initial >= 0 ? _priority.Apply(initial) : _maxPriority;
                _maxPriority = MathF.Max(_maxPriority, chunk[i]);
            }

            _rows.Write(slot, batch, row, count, _nextKey);
            _tree.SetRange(slot, chunk);
            _nextKey += count;
            row += count;
        }
    }

    /// <summary>
    /// Draws <paramref name="batchSize"/> transitions (with replacement) into <paramref name="destination"/>:
    /// the total priority is split into equal segments and one uniform draw is taken in each (stratified,
    /// which lowers variance against independent draws). Fills every column, the importance weights for the
    /// current β and the keys, and sets Count.
    /// </summary>
    /// <exception cref="InvalidOperationException">The replay is empty.</exception>
    public void Sample(int batchSize, SampledBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (batchSize > destination.Capacity)
        {
            throw new ArgumentException($"Batch size {batchSize} exceeds the destination's capacity {destination.Capacity}.", nameof(batchSize));
        }

        if (destination.ObsDim != _options.ObsDim)
        {
            throw new ArgumentException($"Destination has ObsDim {destination.ObsDim} but the replay stores ObsDim {_options.ObsDim}.", nameof(destination));
        }

        if (_nextKey == 0)
        {
            throw new InvalidOperationException("Cannot sample from an empty replay.");
        }

        var slots = DrawStratified(batchSize);

        // Start every row's cache misses now; the weights are computed while they are under way.
        foreach (var slot in slots)
        {
            _rows.Prefetch(slot);
        }

        WriteImportanceWeights(slots, destination.ImportanceWeights.AsSpan(0, batchSize));
        _rows.CopyRows(slots, destination);
        destination.Count = batchSize;
        SampledCount += batchSize;
    }

    /// <summary>
    /// Sets the priority of each key's transition to (|δ| + ε)^α. Keys whose slot has been overwritten since
    /// they were sampled (or that were never issued) are ignored and counted in <see cref="StaleUpdateCount"/>.
    /// For a key that appears twice, the last value wins. All values are checked before any is applied.
    /// </summary>
    /// <param name="keys">Insertion keys from <see cref="SampledBatch.Keys"/>.</param>
    /// <param name="tdErrors">Absolute TD errors |δ|, finite and ≥ 0, one per key.</param>
    /// <returns>How many of the keys were stale and ignored.</returns>
    public int UpdatePriorities(ReadOnlySpan<long> keys, ReadOnlySpan<float> tdErrors)
    {
        if (keys.Length != tdErrors.Length)
        {
            throw new ArgumentException($"Got {keys.Length} keys but {tdErrors.Length} TD errors; they must pair up.", nameof(tdErrors));
        }

        for (var i = 0; i < tdErrors.Length; i++)
        {
            if (!(tdErrors[i] >= 0) || float.IsPositiveInfinity(tdErrors[i]))
            {
                throw new ArgumentException($"TD error {tdErrors[i]} for key {keys[i]} is not a finite absolute value (≥ 0); no priority was updated.", nameof(tdErrors));
            }
        }

        EnsureScratch(keys.Length);
        var slots = _slots.AsSpan();
        var priorities = _newPriorities.AsSpan();

        var slotZeroKey = SlotZeroKey;
        var live = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            var slot = SlotOf(keys[i], slotZeroKey);
            if (slot >= 0)
            {
                slots[live] = slot;
                priorities[live] = _priority.Apply(tdErrors[i]);
                _maxPriority = MathF.Max(_maxPriority, priorities[live]);
                live++;
            }
        }

        _tree.SetMany(slots[..live], priorities[..live]);
        var stale = keys.Length - live;
        StaleUpdateCount += stale;
        return stale;
    }

    /// <summary>Stored priority of the transition with <paramref name="key"/>, if it is still stored.</summary>
    internal bool TryGetPriority(long key, out float priority)
    {
        var found = TryGetSlot(key, out var slot);
        priority = found ? _tree[slot] : 0f;
        return found;
    }

    /// <summary>One uniform draw in each of <paramref name="count"/> equal segments of the total priority; slots come out in ascending order.</summary>
    private ReadOnlySpan<int> DrawStratified(int count)
    {
        EnsureScratch(count);
        var targets = _targets.AsSpan(0, count);
        var slots = _slots.AsSpan(0, count);
        var segment = _tree.Total / count;
        for (var i = 0; i < count; i++)
        {
            targets[i] = (i + _random.NextDouble()) * segment;
        }

        _tree.FindPrefixSums(targets, slots);
        return slots;
    }

    /// <summary>
    /// w_i / max_j w_j = (N·p_i/Σp)^−β / (N·p_min/Σp)^−β = (p_min / p_i)^β: N and Σp cancel, and p_min ≤ p_i
    /// (the very same floats) keeps every weight in (0, 1]; the clamp only guards the vectorised power.
    /// </summary>
    private void WriteImportanceWeights(ReadOnlySpan<int> slots, Span<float> weights)
    {
        var minPriority = _tree.Min;
        for (var i = 0; i < slots.Length; i++)
        {
            weights[i] = minPriority / _tree[slots[i]];
        }

        TensorPrimitives.Pow(weights, (float)Beta, weights);
        TensorPrimitives.Min(weights, 1f, weights);
    }

    private bool TryGetSlot(long key, out int slot)
    {
        slot = SlotOf(key, SlotZeroKey);
        return slot >= 0 && _rows.KeyAt(slot) == key;
    }

    /// <summary>
    /// The slot that holds the transition with <paramref name="key"/>, or -1 if it was overwritten or never
    /// issued. Key k stays in slot k mod capacity until key k + capacity overwrites it, so the live keys are
    /// exactly the last <see cref="Count"/> issued: telling a stale key needs no read of its record, a cache miss
    /// per key. Counting from the key in slot 0 on the current pass over the ring saves a 64-bit division.
    /// </summary>
    /// <param name="key">Key to look up.</param>
    /// <param name="slotZeroKey"><see cref="SlotZeroKey"/>, computed once for a whole update.</param>
    private int SlotOf(long key, long slotZeroKey)
    {
        if (key < _nextKey - Count || key >= _nextKey)
        {
            return -1;
        }

        return (int)(key >= slotZeroKey ? key - slotZeroKey : key - slotZeroKey + _options.Capacity);
    }

    /// <summary>Key of the transition in slot 0 on the current pass over the ring, or that the next insertion there gets.</summary>
    private long SlotZeroKey => _nextKey - (_nextKey % _options.Capacity);

    /// <summary>Grows the per-call scratch arrays to <paramref name="length"/>; once the largest batch was seen, never again.</summary>
    private void EnsureScratch(int length)
    {
        if (_slots.Length < length)
        {
            _targets = new double[length];
            _slots = new int[length];
            _newPriorities = new float[length];
        }
    }

    private void ValidateBatch(TransitionBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Misfit(batch, _options.ObsDim, _options.ObservationEncoding) is { } problem)
        {
            throw new ArgumentException(problem, nameof(batch));
        }
    }

    /// <summary>
    /// Why this replay would refuse <paramref name="batch"/> (observation size or encoding, arrays shorter than
    /// Count, a non-0/1 board cell, a NaN or +∞ initial priority), or null when it fits. The cluster's gateway asks
    /// before a batch from another node reaches the replay, so no single message can stop a run.
    /// </summary>
    public static string? Misfit(TransitionBatch batch, int obsDim, ObservationEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.ObsDim != obsDim)
        {
            return $"Batch from actor {batch.SourceActor} has ObsDim {batch.ObsDim} but this replay stores ObsDim {obsDim}.";
        }

        if (batch.Encoding != encoding)
        {
            return $"Batch from actor {batch.SourceActor} has {batch.Encoding} observations but this replay stores {encoding}.";
        }

        var count = batch.Count;
        var observationElements = (long)count * batch.ObsDim;
        if (count < 0
            || batch.ObservationCapacity < observationElements
            || batch.Actions.Length < count
            || batch.Rewards.Length < count
            || batch.Discounts.Length < count
            || batch.Terminated.Length < count
            || batch.InitialPriorities.Length < count)
        {
            return $"Batch from actor {batch.SourceActor} has Count {count}, but its arrays do not all hold that many rows.";
        }

        if (encoding == ObservationEncoding.UInt8
            && (NonBinary(batch, batch.ObservationBytes.AsSpan(0, (int)observationElements), "observation") ?? NonBinary(batch, batch.NextObservationBytes.AsSpan(0, (int)observationElements), "next observation")) is { } board)
        {
            return board;
        }

        for (var i = 0; i < count; i++)
        {
            var initial = batch.InitialPriorities[i];
            if (float.IsNaN(initial) || float.IsPositiveInfinity(initial))
            {
                return $"Batch from actor {batch.SourceActor} has initial priority {initial} in row {i}; expected a finite value ≥ 0, or negative for the replay's max.";
            }
        }

        return null;
    }

    private static string? NonBinary(TransitionBatch batch, ReadOnlySpan<byte> values, string what)
    {
        var i = values.IndexOfAnyExcept((byte)0, (byte)1);
        return i < 0 ? null : $"Batch from actor {batch.SourceActor} has {what} value {values[i]} in row {i / batch.ObsDim}; this replay stores 0/1 boards and takes only 0 or 1.";
    }
}
