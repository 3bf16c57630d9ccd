namespace Flock.Learner.Numerics;

/// <summary>
/// Scratch memory and threading policy for <see cref="MatMul"/>: the packed right-hand operand (grown to the
/// largest product seen, so steady-state calls allocate nothing) and how many cores a large product may use.
/// One workspace per thread of callers; it is not thread-safe.
/// </summary>
internal sealed unsafe class MatMulWorkspace
{
    /// <summary>Products smaller than this many multiply-adds run on one core: forking costs more than they take.</summary>
    public const long ParallelThreshold = 1L << 21;

    private readonly Action<int> _runChunk;
    private readonly ParallelOptions _parallelOptions;
    private AlignedBuffer _packed = new(0);
    private AlignedBuffer _scratch = new(0);

    // The product being split, kept in fields so the cached chunk delegate needs no closure per call.
    private MatMulJob _job;
    private int _rowCount;
    private int _rowsPerChunk;
    private delegate*<in MatMulJob, int, int, void> _computeRows;

    public MatMulWorkspace(int degreeOfParallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        DegreeOfParallelism = degreeOfParallelism;
        _runChunk = RunChunk;
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism };
    }

    /// <summary>Cores a single large product may be split across (1 = the caller's thread only).</summary>
    public int DegreeOfParallelism { get; }

    public float* PackingBuffer(long floats)
    {
        if (floats > _packed.Length)
        {
            _packed = new AlignedBuffer(checked((int)floats));
        }

        return _packed.Pointer;
    }

    /// <summary>A second buffer, distinct from the packing one, for results that are rearranged after a product.</summary>
    public float* ScratchBuffer(long floats)
    {
        if (floats > _scratch.Length)
        {
            _scratch = new AlignedBuffer(checked((int)floats));
        }

        return _scratch.Pointer;
    }

    /// <summary>
    /// Splits rows [0, rowCount) into one contiguous range per core (multiples of <paramref name="rowAlignment"/>
    /// so no register block straddles two cores) and runs <paramref name="computeRows"/> on each.
    /// </summary>
    public void RunRowsInParallel(in MatMulJob job, int rowCount, int rowAlignment, delegate*<in MatMulJob, int, int, void> computeRows)
    {
        var chunks = DegreeOfParallelism;
        var perChunk = (rowCount + chunks - 1) / chunks;
        _rowsPerChunk = (perChunk + rowAlignment - 1) / rowAlignment * rowAlignment;
        _job = job;
        _rowCount = rowCount;
        _computeRows = computeRows;
        Parallel.For(0, chunks, _parallelOptions, _runChunk);
    }

    private void RunChunk(int chunk)
    {
        var start = chunk * _rowsPerChunk;
        var end = Math.Min(_rowCount, start + _rowsPerChunk);
        if (start < end)
        {
            _computeRows(_job, start, end);
        }
    }
}
