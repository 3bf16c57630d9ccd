using System.Numerics;

namespace Flock.Learner.Numerics;

/// <summary>Column sums of a row-major matrix: a dense layer's bias gradient is the column sum of its output gradient.</summary>
internal static unsafe class ColumnSums
{
    /// <summary>destination[j] = Σᵢ rows[i, j].</summary>
    public static void Compute(float* rows, int count, int width, float* destination)
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
