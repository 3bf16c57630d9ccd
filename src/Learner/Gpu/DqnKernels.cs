using Flock.Learner.Numerics;
using ILGPU;
using ILGPU.Algorithms;

namespace Flock.Learner.Gpu;

/// <summary>
/// The kernels of one DQN update, one thread per output element. None uses shared memory, barriers or atomics, so
/// every thread's result is one fixed sequence of float operations, the same on a GPU and on ILGPU's CPU
/// accelerator. Results are laid out as in the managed backend (row-major, HWC, <see cref="Networks.ParameterLayout"/>).
/// </summary>
internal static class DqnKernels
{
    /// <summary>Slots after the |TD errors| in the result buffer: loss, mean |Q|, gradient norm, clipped, clip scale.</summary>
    public const int Loss = 0;
    public const int MeanAbsQ = 1;
    public const int Norm = 2;
    public const int Clipped = 3;
    public const int Scale = 4;
    public const int ScalarSlots = 5;

    public static void MatMul(Index1D index, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, ArrayView<float> mask, GemmShape s)
    {
        int row = index.X / s.N, column = index.X - (row * s.N);
        var sum = 0f;
        for (var k = 0; k < s.K; k++)
        {
            sum += a[(row * s.ARow) + (k * s.ACol)] * b[(k * s.BRow) + (column * s.BCol)];
        }

        if ((s.Flags & GemmShape.AddBias) != 0)
        {
            sum += bias[column];
        }

        if ((s.Flags & GemmShape.Relu) != 0 && !(sum > 0f))
        {
            sum = 0f;
        }

        if ((s.Flags & GemmShape.MaskByPositive) != 0 && !(mask[index.X] > 0f))
        {
            sum = 0f;
        }

        c[index.X] = sum;
    }

    /// <summary>sums[j] = Σ_rows y[row, j]: a bias gradient.</summary>
    public static void ColumnSums(Index1D column, ArrayView<float> y, ArrayView<float> sums, int rows)
    {
        var columns = (int)sums.Length;
        var sum = 0f;
        for (var row = 0; row < rows; row++)
        {
            sum += y[(row * columns) + column.X];
        }

        sums[column.X] = sum;
    }

    /// <summary>Q_a = V + A_a − mean(A) for head rows [V, A₁ … A_n] (<see cref="Networks.DuelingHead"/>).</summary>
    public static void DuelingAggregate(Index1D row, ArrayView<float> head, ArrayView<float> q, int actions)
    {
        var width = actions + 1;
        var mean = 0f;
        for (var a = 0; a < actions; a++)
        {
            mean += head[(row.X * width) + 1 + a];
        }

        mean /= actions;
        var value = head[row.X * width];
        for (var a = 0; a < actions; a++)
        {
            q[(row.X * actions) + a] = value + (head[(row.X * width) + 1 + a] - mean);
        }
    }

    /// <summary>∂V = Σ_a ∂Q_a and ∂A_a = ∂Q_a − mean(∂Q) (<see cref="Networks.DuelingHead.Backward"/>).</summary>
    public static void DuelingBackward(Index1D row, ArrayView<float> qGradient, ArrayView<float> headGradient, int actions)
    {
        var width = actions + 1;
        var sum = 0f;
        for (var a = 0; a < actions; a++)
        {
            sum += qGradient[(row.X * actions) + a];
        }

        var mean = sum / actions;
        headGradient[row.X * width] = sum;
        for (var a = 0; a < actions; a++)
        {
            headGradient[(row.X * width) + 1 + a] = qGradient[(row.X * actions) + a] - mean;
        }
    }

    /// <summary>
    /// Per transition: the n-step Double-DQN target (<see cref="Dqn.DoubleDqnTarget"/>), |TD| into the result buffer,
    /// the weighted loss term and |Q(s, a)| for the reductions, and ∂L/∂Q, non-zero only at the taken action
    /// (<see cref="Optimization.WeightedLoss"/>).
    /// </summary>
    public static void TdError(
        Index1D row,
        ArrayView<float> onlineQ,
        ArrayView<float> targetQ,
        ArrayView<float> batch,
        ArrayView<float> result,
        ArrayView<float> qGradient,
        ArrayView<float> rowTerms,
        TdShape s)
    {
        var i = row.X;
        var actions = s.Actions;
        var selectFrom = s.DoubleDqn != 0 ? onlineQ.SubView((s.Count + i) * actions, actions) : targetQ.SubView(i * actions, actions);
        var chosen = 0;
        var best = selectFrom[0];
        for (var a = 1; a < actions; a++)
        {
            // The first maximum wins, and a NaN never does, as QValues.ArgMax.
            if (selectFrom[a] > best || XMath.IsNaN(best))
            {
                chosen = a;
                best = selectFrom[a];
            }
        }

        var bootstrap = batch[s.Terminated + i] != 0f ? 0f : batch[s.Discounts + i] * targetQ[(i * actions) + chosen];
        var target = batch[s.Rewards + i] + bootstrap;
        var taken = (int)batch[s.TakenActions + i];
        var prediction = onlineQ[(i * actions) + taken];
        var difference = prediction - target;
        result[i] = XMath.Abs(difference);
        var weight = batch[s.Weights + i];
        var scale = 1f / s.Count;
        float term, derivative;
        if (s.Huber != 0)
        {
            var magnitude = XMath.Abs(difference);
            term = magnitude < 1f ? 0.5f * difference * difference : magnitude - 0.5f;
            derivative = XMath.Clamp(difference, -1f, 1f);
        }
        else
        {
            term = difference * difference;
            derivative = 2f * difference;
        }

        rowTerms[i] = weight * term;
        rowTerms[s.Count + i] = XMath.Abs(prediction);
        for (var a = 0; a < actions; a++)
        {
            qGradient[(i * actions) + a] = a == taken ? weight * derivative * scale : 0f;
        }
    }

    /// <summary>One thread: the batch's mean loss and mean |Q| from the per-row terms, summed in double as the managed backend does.</summary>
    public static void FinishLoss(Index1D index, ArrayView<float> rowTerms, ArrayView<float> result, int count)
    {
        double loss = 0, absQ = 0;
        for (var i = 0; i < count; i++)
        {
            loss += rowTerms[i];
            absQ += rowTerms[count + i];
        }

        result[count + Loss] = (float)(loss * (1f / count));
        result[count + MeanAbsQ] = (float)(absQ / count);
    }

    /// <summary>partials[p] = Σ g[j]² over j ≡ p (mod parts): the first stage of the global gradient norm.</summary>
    public static void PartialSquares(Index1D part, ArrayView<float> gradients, ArrayView<float> partials)
    {
        var parts = (int)partials.Length;
        var length = (int)gradients.Length;
        var sum = 0f;
        for (var j = part.X; j < length; j += parts)
        {
            var g = gradients[j];
            sum += g * g;
        }

        partials[part.X] = sum;
    }

    /// <summary>
    /// One thread: the global norm, and clip_grad_norm_'s scale maxNorm / (norm + 1e-6) when below 1
    /// (<see cref="Optimization.GradientClipping"/>); a non-positive or infinite limit turns clipping off.
    /// </summary>
    public static void FinishNorm(Index1D index, ArrayView<float> partials, ArrayView<float> result, int count, float maxNorm)
    {
        var sum = 0f;
        for (var p = 0; p < (int)partials.Length; p++)
        {
            sum += partials[p];
        }

        var norm = XMath.Sqrt(sum);
        var scale = 1f;
        if (maxNorm > 0f && !float.IsPositiveInfinity(maxNorm))
        {
            var coefficient = maxNorm / (norm + 1e-6f);
            if (coefficient < 1f)
            {
                scale = coefficient;
            }
        }

        result[count + Norm] = norm;
        result[count + Clipped] = scale < 1f ? 1f : 0f;
        result[count + Scale] = scale;
    }

    /// <summary>The clip scale applied to the gradient, then Adam's step (<see cref="Optimization.AdamOptimizer.Step"/>).</summary>
    public static void Adam(
        Index1D i,
        ArrayView<float> parameters,
        ArrayView<float> gradients,
        ArrayView<float> firstMoment,
        ArrayView<float> secondMoment,
        ArrayView<float> result,
        int scaleSlot,
        AdamScalars s)
    {
        var g = gradients[i] * result[scaleSlot];
        var m = firstMoment[i];
        m += s.OneMinusBeta1 * (g - m);
        var v = (s.Beta2 * secondMoment[i]) + (s.OneMinusBeta2 * (g * g));
        parameters[i] -= s.StepSize * (m / ((XMath.Sqrt(v) * s.InverseRoot) + s.Epsilon));
        firstMoment[i] = m;
        secondMoment[i] = v;
    }

    /// <summary>patches[(b·OH + oy)·OW + ox, (ky·K + kx)·C + c] = images[b, oy·s + ky, ox·s + kx, c].</summary>
    public static void Im2Col(Index1D index, ArrayView<float> images, ArrayView<float> patches, ConvolutionGeometry g)
    {
        var patch = g.Patch;
        var cell = index.X % patch;
        var patchRow = index.X / patch;
        var position = patchRow % g.Positions;
        var image = patchRow / g.Positions;
        int oy = position / g.OutputWidth, ox = position % g.OutputWidth;
        var c = cell % g.Channels;
        var kx = (cell / g.Channels) % g.Kernel;
        var ky = cell / (g.Channels * g.Kernel);
        var y = (oy * g.Stride) + ky;
        var x = (ox * g.Stride) + kx;
        patches[index] = images[(((((image * g.Height) + y) * g.Width) + x) * g.Channels) + c];
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col"/> gathered per image cell (no atomics): the sum of the patch gradients of
    /// every placement that covers the cell, zeroed where the cell (the previous convolution's ReLU output) is not positive.
    /// </summary>
    public static void Col2Im(Index1D index, ArrayView<float> patchGradient, ArrayView<float> images, ArrayView<float> imageGradient, ConvolutionGeometry g)
    {
        if (!(images[index] > 0f))
        {
            imageGradient[index] = 0f;
            return;
        }

        var c = index.X % g.Channels;
        var rest = index.X / g.Channels;
        var x = rest % g.Width;
        rest /= g.Width;
        var y = rest % g.Height;
        var image = rest / g.Height;
        var sum = 0f;
        for (var ky = 0; ky < g.Kernel; ky++)
        {
            var top = y - ky;
            if (top < 0 || top % g.Stride != 0 || top / g.Stride >= g.OutputHeight)
            {
                continue;
            }

            for (var kx = 0; kx < g.Kernel; kx++)
            {
                var left = x - kx;
                if (left < 0 || left % g.Stride != 0 || left / g.Stride >= g.OutputWidth)
                {
                    continue;
                }

                var patchRow = (((image * g.OutputHeight) + (top / g.Stride)) * g.OutputWidth) + (left / g.Stride);
                sum += patchGradient[(patchRow * g.Patch) + (((ky * g.Kernel) + kx) * g.Channels) + c];
            }
        }

        imageGradient[index] = sum;
    }
}
