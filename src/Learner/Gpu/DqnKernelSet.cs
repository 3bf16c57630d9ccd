using Flock.Learner.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Flock.Learner.Gpu;

/// <summary>The kernels of <see cref="DqnKernels"/> compiled for one accelerator, launched on its default stream.</summary>
internal sealed class DqnKernelSet
{
    public DqnKernelSet(Accelerator accelerator)
    {
        Accelerator = accelerator;
        MatMul = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(DqnKernels.MatMul);
        ColumnSums = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(DqnKernels.ColumnSums);
        DuelingAggregate = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(DqnKernels.DuelingAggregate);
        DuelingBackward = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(DqnKernels.DuelingBackward);
        TdError = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TdShape>(DqnKernels.TdError);
        FinishLoss = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(DqnKernels.FinishLoss);
        PartialSquares = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(DqnKernels.PartialSquares);
        FinishNorm = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, float>(DqnKernels.FinishNorm);
        Adam = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, AdamScalars>(DqnKernels.Adam);
        Im2Col = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ConvolutionGeometry>(DqnKernels.Im2Col);
        Col2Im = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvolutionGeometry>(DqnKernels.Col2Im);
    }

    public Accelerator Accelerator { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape> MatMul { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, int> ColumnSums { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, int> DuelingAggregate { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, int> DuelingBackward { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TdShape> TdError { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, int> FinishLoss { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>> PartialSquares { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, int, float> FinishNorm { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, AdamScalars> Adam { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ConvolutionGeometry> Im2Col { get; }

    public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvolutionGeometry> Col2Im { get; }

    /// <summary>C ← epilogue(A·B) over <paramref name="shape"/>; <paramref name="bias"/> and <paramref name="mask"/> are read only when its flags say so.</summary>
    public void Gemm(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, ArrayView<float> mask, GemmShape shape) =>
        MatMul(shape.M * shape.N, a, b, c.SubView(0, shape.M * shape.N), bias, mask, shape);
}
