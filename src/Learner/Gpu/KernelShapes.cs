namespace Flock.Learner.Gpu;

/// <summary>
/// C (M × N, row-major, contiguous) ← mask(relu(A·B + bias)), with A and B read through strides so one kernel
/// serves X·W, Xᵀ·∂Y and ∂Y·Wᵀ: A[i, k] = a[i·ARow + k·ACol], B[k, j] = b[k·BRow + j·BCol].
/// </summary>
internal struct GemmShape
{
    public const int AddBias = 1;
    public const int Relu = 2;
    public const int MaskByPositive = 4;

    public int M;
    public int N;
    public int K;
    public int ARow;
    public int ACol;
    public int BRow;
    public int BCol;

    /// <summary><see cref="AddBias"/>, <see cref="Relu"/> and <see cref="MaskByPositive"/> (the mask has C's shape).</summary>
    public int Flags;

    /// <summary>X (rows × inputs) · W (inputs × outputs): a dense layer's forward.</summary>
    public static GemmShape Product(int rows, int inputs, int outputs, int flags) =>
        new() { M = rows, N = outputs, K = inputs, ARow = inputs, ACol = 1, BRow = outputs, BCol = 1, Flags = flags };

    /// <summary>Xᵀ (inputs × rows) · ∂Y (rows × outputs): a weight gradient.</summary>
    public static GemmShape TransposedLeft(int rows, int inputs, int outputs) =>
        new() { M = inputs, N = outputs, K = rows, ARow = 1, ACol = inputs, BRow = outputs, BCol = 1 };

    /// <summary>∂Y (rows × outputs) · Wᵀ (outputs × inputs): an input gradient, masked by the input's ReLU.</summary>
    public static GemmShape TransposedRight(int rows, int inputs, int outputs, int flags) =>
        new() { M = rows, N = inputs, K = outputs, ARow = outputs, ACol = 1, BRow = 1, BCol = outputs, Flags = flags };
}

/// <summary>Where a batch's fields sit in the one uploaded staging buffer, and how the loss reads them.</summary>
internal struct TdShape
{
    public int Count;
    public int Actions;

    /// <summary>1 when the online network chooses the bootstrap action (Double DQN).</summary>
    public int DoubleDqn;

    /// <summary>1 for Huber (smooth L1, δ = 1), 0 for squared error.</summary>
    public int Huber;
    public int Rewards;
    public int Discounts;
    public int Weights;
    public int TakenActions;
    public int Terminated;
}

/// <summary>Adam's per-step scalars, formed on the host in double exactly as <see cref="Optimization.AdamOptimizer"/> forms them.</summary>
internal struct AdamScalars
{
    public float StepSize;
    public float Beta2;
    public float OneMinusBeta1;
    public float OneMinusBeta2;
    public float InverseRoot;
    public float Epsilon;
}
