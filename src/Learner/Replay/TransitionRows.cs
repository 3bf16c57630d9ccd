using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Flock.Shared.Messages;

namespace Flock.Learner.Replay;

/// <summary>
/// The replay's transitions, one record per slot holding every field (key, observation, next observation,
/// action, reward, discount, terminated), each record starting on a cache-line boundary. Sampled slots are
/// scattered over tens of megabytes, so what a sample costs is the cache and TLB misses it takes to reach
/// them: a record that fits one line (obsDim ≤ 5) is one miss, where a column per field would be seven.
/// Records live in pinned chunks, so the aligned starts stay aligned and no chunk exceeds an array's length.
/// Knows nothing of priorities or of which slots are live. <see cref="ObservationEncoding.UInt8"/> observations
/// (0/1 boards) arrive as bytes, are kept as one byte per cell and are widened to floats only when copied out.
/// </summary>
internal sealed class TransitionRows
{
    private const int CacheLineBytes = 64;

    /// <summary>At most this many rows per chunk: a chunk of small rows stays below the large-object sizes that matter.</summary>
    private const int MaxChunkRowsShift = 16;

    private const int KeyOffset = 0;
    private const int ObservationOffset = sizeof(long);

    private readonly int _capacity;
    private readonly int _obsDim;
    private readonly bool _binary;
    private readonly int _nextObservationOffset;
    private readonly int _actionOffset;
    private readonly int _rewardOffset;
    private readonly int _discountOffset;
    private readonly int _terminatedOffset;

    /// <summary>Bytes from one record to the next: the record's size rounded up to whole cache lines.</summary>
    private readonly int _stride;

    private readonly int _chunkShift;
    private readonly int _chunkMask;
    private readonly long[][] _chunks;

    /// <summary>Byte offset of the first record in each chunk, its first cache-line boundary.</summary>
    private readonly int[] _chunkStarts;

    public TransitionRows(int capacity, int obsDim, ObservationEncoding encoding = ObservationEncoding.Float32)
    {
        _capacity = capacity;
        _obsDim = obsDim;
        _binary = encoding == ObservationEncoding.UInt8;
        var observationBytes = (long)obsDim * (_binary ? sizeof(byte) : sizeof(float));
        var nextObservationOffset = ObservationOffset + observationBytes;
        var actionOffset = nextObservationOffset + observationBytes;
        var recordBytes = actionOffset + sizeof(int) + sizeof(float) + sizeof(float) + sizeof(bool);
        var stride = (recordBytes + CacheLineBytes - 1) / CacheLineBytes * CacheLineBytes;
        if (stride > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(obsDim), obsDim, "One transition of this observation size does not fit an array.");
        }

        _stride = (int)stride;
        _nextObservationOffset = (int)nextObservationOffset;
        _actionOffset = (int)actionOffset;
        _rewardOffset = _actionOffset + sizeof(int);
        _discountOffset = _rewardOffset + sizeof(float);
        _terminatedOffset = _discountOffset + sizeof(float);

        // Chunks of a power of two rows, as many as fit an array of longs with a line to spare for alignment.
        var shift = MaxChunkRowsShift;
        while (shift > 0 && ((1L << shift) * _stride) + CacheLineBytes > (long)Array.MaxLength * sizeof(long))
        {
            shift--;
        }

        _chunkShift = shift;
        _chunkMask = (1 << shift) - 1;
        var chunkCount = (int)(((long)capacity + _chunkMask) >> shift);
        _chunks = new long[chunkCount][];
        _chunkStarts = new int[chunkCount];
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var rows = Math.Min(1 << shift, capacity - (chunk << shift));
            var chunkArray = GC.AllocateArray<long>((int)((((long)rows * _stride) + CacheLineBytes) / sizeof(long)), pinned: true);
            _chunks[chunk] = chunkArray;
            _chunkStarts[chunk] = MisalignmentFix(chunkArray);
        }
    }

    /// <summary>Insertion key of the transition in <paramref name="slot"/>.</summary>
    public long KeyAt(int slot) => Unsafe.As<byte, long>(ref Field(slot, KeyOffset));

    /// <summary>
    /// Copies <paramref name="count"/> rows of <paramref name="batch"/> into consecutive slots, with consecutive
    /// keys. The batch has this store's encoding (the replay checked it).
    /// </summary>
    public void Write(int firstSlot, TransitionBatch batch, int firstRow, int count, long firstKey)
    {
        var obs = _obsDim;
        var observations = batch.Observations.AsSpan(_binary ? 0 : firstRow * obs, _binary ? 0 : count * obs);
        var nextObservations = batch.NextObservations.AsSpan(_binary ? 0 : firstRow * obs, _binary ? 0 : count * obs);
        var boards = batch.ObservationBytes.AsSpan(_binary ? firstRow * obs : 0, _binary ? count * obs : 0);
        var nextBoards = batch.NextObservationBytes.AsSpan(_binary ? firstRow * obs : 0, _binary ? count * obs : 0);
        var actions = batch.Actions.AsSpan(firstRow, count);
        var rewards = batch.Rewards.AsSpan(firstRow, count);
        var discounts = batch.Discounts.AsSpan(firstRow, count);
        var terminated = batch.Terminated.AsSpan(firstRow, count);
        for (var i = 0; i < count; i++)
        {
            ref var record = ref Field(firstSlot + i, 0);
            Unsafe.As<byte, long>(ref Unsafe.Add(ref record, KeyOffset)) = firstKey + i;
            if (_binary)
            {
                boards.Slice(i * obs, obs).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref record, ObservationOffset), obs));
                nextBoards.Slice(i * obs, obs).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref record, _nextObservationOffset), obs));
            }
            else
            {
                StoreFloats(observations.Slice(i * obs, obs), ref Unsafe.Add(ref record, ObservationOffset));
                StoreFloats(nextObservations.Slice(i * obs, obs), ref Unsafe.Add(ref record, _nextObservationOffset));
            }

            Unsafe.As<byte, int>(ref Unsafe.Add(ref record, _actionOffset)) = actions[i];
            Unsafe.As<byte, float>(ref Unsafe.Add(ref record, _rewardOffset)) = rewards[i];
            Unsafe.As<byte, float>(ref Unsafe.Add(ref record, _discountOffset)) = discounts[i];
            Unsafe.As<byte, bool>(ref Unsafe.Add(ref record, _terminatedOffset)) = terminated[i];
        }
    }

    /// <summary>
    /// Asks the CPU to start loading the record of <paramref name="slot"/> into cache, so that the misses of a
    /// whole batch overlap instead of each row copy waiting on its own. A prefetch is only a hint and never
    /// faults; the chunks are pinned, so the address stays right. Without SSE (Arm) it does nothing and the
    /// copy simply waits.
    /// </summary>
    public unsafe void Prefetch(int slot)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        ref var record = ref Field(slot, 0);
        for (var line = 0; line < _stride; line += CacheLineBytes)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref record, line)));
        }
    }

    /// <summary>
    /// Copies the transitions in <paramref name="slots"/> into rows 0.. of <paramref name="destination"/>, a
    /// record at a time: each record is one or a few lines, in cache once <see cref="Prefetch"/> has run.
    /// </summary>
    public void CopyRows(ReadOnlySpan<int> slots, SampledBatch destination)
    {
        var obs = _obsDim;
        var observations = destination.Observations.AsSpan(0, slots.Length * obs);
        var nextObservations = destination.NextObservations.AsSpan(0, slots.Length * obs);
        var actions = destination.Actions.AsSpan(0, slots.Length);
        var rewards = destination.Rewards.AsSpan(0, slots.Length);
        var discounts = destination.Discounts.AsSpan(0, slots.Length);
        var terminated = destination.Terminated.AsSpan(0, slots.Length);
        var keys = destination.Keys.AsSpan(0, slots.Length);
        for (var row = 0; row < slots.Length; row++)
        {
            ref var record = ref Field(slots[row], 0);
            keys[row] = Unsafe.As<byte, long>(ref Unsafe.Add(ref record, KeyOffset));
            Load(ref Unsafe.Add(ref record, ObservationOffset), observations.Slice(row * obs, obs));
            Load(ref Unsafe.Add(ref record, _nextObservationOffset), nextObservations.Slice(row * obs, obs));
            actions[row] = Unsafe.As<byte, int>(ref Unsafe.Add(ref record, _actionOffset));
            rewards[row] = Unsafe.As<byte, float>(ref Unsafe.Add(ref record, _rewardOffset));
            discounts[row] = Unsafe.As<byte, float>(ref Unsafe.Add(ref record, _discountOffset));
            terminated[row] = Unsafe.As<byte, bool>(ref Unsafe.Add(ref record, _terminatedOffset));
        }
    }

    private void Load(ref byte source, Span<float> destination)
    {
        if (_binary)
        {
            for (var d = 0; d < destination.Length; d++)
            {
                destination[d] = Unsafe.Add(ref source, d);
            }
        }
        else
        {
            CopyFloats(ref source, destination);
        }
    }

    /// <summary>An element loop rather than a block copy: observations are a few floats, less than a call costs.</summary>
    private static void CopyFloats(ref byte source, Span<float> destination)
    {
        ref var from = ref Unsafe.As<byte, float>(ref source);
        for (var d = 0; d < destination.Length; d++)
        {
            destination[d] = Unsafe.Add(ref from, d);
        }
    }

    /// <summary>The counterpart of <see cref="CopyFloats"/>, for the same reason.</summary>
    private static void StoreFloats(ReadOnlySpan<float> source, ref byte destination)
    {
        ref var to = ref Unsafe.As<byte, float>(ref destination);
        for (var d = 0; d < source.Length; d++)
        {
            Unsafe.Add(ref to, d) = source[d];
        }
    }

    /// <summary>
    /// The byte at <paramref name="offset"/> in the record of <paramref name="slot"/>. The slot is checked, so
    /// the reference never leaves its chunk (offsets are the constructor's, all within the record).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte Field(int slot, int offset)
    {
        if ((uint)slot >= (uint)_capacity)
        {
            ThrowSlotOutOfRange(slot);
        }

        var chunk = _chunks[slot >> _chunkShift];
        ref var start = ref Unsafe.As<long, byte>(ref MemoryMarshal.GetArrayDataReference(chunk));
        return ref Unsafe.Add(ref start, _chunkStarts[slot >> _chunkShift] + ((nint)(slot & _chunkMask) * _stride) + offset);
    }

    /// <summary>Bytes to skip from the start of a pinned array to its first cache-line boundary.</summary>
    private static unsafe int MisalignmentFix(long[] array)
    {
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (int)((CacheLineBytes - (address % CacheLineBytes)) % CacheLineBytes);
    }

    private static void ThrowSlotOutOfRange(int slot) =>
        throw new ArgumentOutOfRangeException(nameof(slot), slot, "No such replay slot.");
}
