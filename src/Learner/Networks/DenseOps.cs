using System.Numerics;

namespace Flock.Learner.Networks;

/// <summary>Elementwise parts of dense layers that do not fold into a product's epilogue.</summary>
internal static unsafe class DenseOps
{
    /// <summary>destination[j] = Σᵢ rows[i, j]: the bias gradient from the output gradient.</summary>
    public static void SumRows(float* rows, int count, int width, float* destination)
    {
        new Span<float>(destination, width).Clear();
        var lanes = Vector<float>.Count;
        for (var i = 0; i < count; i++)
        {
            var row = rows + ((nint)i * width);
            var j = 0;
            for (; j <= width - lanes; j += lanes)
            {
                (Vector.Load(destination + j) + Vector.Load(row + j)).Store(destination + j);
            }

            for (; j < width; j++)
            {
                destination[j] += row[j];
            }
        }
    }
}
