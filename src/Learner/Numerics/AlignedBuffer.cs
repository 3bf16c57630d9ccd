using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Flock.Learner.Numerics;

/// <summary>
/// A float buffer whose first element sits on a 64-byte boundary and never moves, so kernels can keep raw
/// pointers into it. Full-width 512-bit loads and stores that straddle a cache line cost twice as much, which is
/// why matrix panels and activations live in these rather than in plain arrays.
/// </summary>
internal sealed unsafe class AlignedBuffer
{
    private const int AlignmentFloats = 64 / sizeof(float);

    // Allocated on the pinned object heap: the address is stable for the life of the array, which this field keeps.
    private readonly float[] _storage;
    private readonly int _offset;

    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _storage = GC.AllocateArray<float>(length + AlignmentFloats, pinned: true);
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
        var misalignment = (int)(address % 64) / sizeof(float);
        _offset = misalignment == 0 ? 0 : AlignmentFloats - misalignment;
        Length = length;
        Pointer = (float*)Unsafe.AsPointer(ref _storage[_offset]);
    }

    public int Length { get; }

    public float* Pointer { get; }

    public Span<float> Span => _storage.AsSpan(_offset, Length);
}
