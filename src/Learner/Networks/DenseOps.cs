using System.Numerics;

namespace Flock.Learner.Networks;

/// <summary>The elementwise parts of dense layers: bias and ReLU after a product, the ReLU mask and bias gradient before one.</summary>
internal static unsafe class DenseOps
{
    /// <summary>rows[i, :] += bias, then max(·, 0) when <paramref name="relu"/>. Rows are <paramref name="width"/> floats apart.</summary>
    public static void AddBias(float* rows, int count, int width, float* bias, bool relu)
    {
        var lanes = Vector<float>.Count;
        for (var i = 0; i < count; i++)
        {
            var row = rows + ((nint)i * width);
            var j = 0;
            for (; j <= width - lanes; j += lanes)
            {
                var value = Vector.Load(row + j) + Vector.Load(bias + j);
                (relu ? Vector.Max(value, Vector<float>.Zero) : value).Store(row + j);
            }

            for (; j < width; j++)
            {
                var value = row[j] + bias[j];
                row[j] = relu ? MathF.Max(value, 0f) : value;
            }
        }
    }

    /// <summary>
    /// gradient[i] = 0 where activation[i] ≤ 0: back through a ReLU, whose output is positive exactly where its input
    /// was, so the stored activations serve as the mask.
    /// </summary>
    public static void MaskByPositive(float* gradient, float* activation, nint length)
    {
        var lanes = Vector<float>.Count;
        nint i = 0;
        for (; i <= length - lanes; i += lanes)
        {
            var keep = Vector.GreaterThan(Vector.Load(activation + i), Vector<float>.Zero);
            Vector.ConditionalSelect(keep, Vector.Load(gradient + i), Vector<float>.Zero).Store(gradient + i);
        }

        for (; i < length; i++)
        {
            if (!(activation[i] > 0f))
            {
                gradient[i] = 0f;
            }
        }
    }

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
