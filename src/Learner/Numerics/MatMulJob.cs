namespace Flock.Learner.Numerics;

/// <summary>The work of one product after packing, as the row loop (possibly on several cores) sees it.</summary>
internal readonly unsafe struct MatMulJob
{
    public MatMulJob(int n, int k, MatrixOperand a, float* packed, float* c, nint ldc, bool accumulate, Epilogue epilogue)
    {
        Epilogue = epilogue;
        N = n;
        K = k;
        A = a;
        Packed = packed;
        C = c;
        Ldc = ldc;
        Accumulate = accumulate;
    }

    public int N { get; }

    public int K { get; }

    public MatrixOperand A { get; }

    public float* Packed { get; }

    public float* C { get; }

    public nint Ldc { get; }

    public bool Accumulate { get; }

    /// <summary>Applied by whichever depth block finishes an element.</summary>
    public Epilogue Epilogue { get; }
}
