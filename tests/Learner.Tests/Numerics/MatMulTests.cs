using Flock.Learner.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Learner.Tests.Numerics;

public sealed unsafe class MatMulTests
{
    // Kernel families by number (SimdPath is internal): 0 scalar, 1 256-bit, 2 512-bit.
    public static TheoryData<int> Paths => new() { 0, 1, 2 };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Row_major_product_matches_a_float64_reference_for_awkward_shapes(int pathNumber)
    {
        var path = (SimdPath)pathNumber;
        if (!Supported(path))
        {
            return;
        }

        int[] sizes = [1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 33, 63, 64, 65, 130, 257];
        var random = new Random(11);
        foreach (var m in sizes)
        {
            var n = sizes[random.Next(sizes.Length)];
            var k = sizes[random.Next(sizes.Length)];
            CheckProduct(path, m, n, k, transposeA: false, transposeB: false, accumulate: false, random);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Transposed_operands_and_accumulation_match_the_reference(int pathNumber)
    {
        var path = (SimdPath)pathNumber;
        if (!Supported(path))
        {
            return;
        }

        var random = new Random(12);
        foreach (var (m, n, k) in new[] { (256, 256, 256), (33, 2, 70), (2, 33, 129), (256, 3, 64), (4, 64, 256), (70, 70, 1), (300, 17, 5) })
        {
            foreach (var transposeA in new[] { false, true })
            {
                foreach (var transposeB in new[] { false, true })
                {
                    CheckProduct(path, m, n, k, transposeA, transposeB, accumulate: random.Next(2) == 0, random);
                }
            }
        }
    }

    [Fact]
    public void Random_shapes_and_layouts_agree_with_the_reference_on_every_path()
    {
        var shapes = Gen.Choose(1, 90).Three().Select(t => (M: t.Item1, N: t.Item2, K: t.Item3));
        // Flag bits: transpose A, transpose B, accumulate, bias, ReLU, mask.
        Prop.ForAll(shapes.ToArbitrary(), Gen.Choose(0, 63).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (shape, flags, seed) =>
        {
            var random = new Random(seed);
            foreach (var path in new[] { SimdPath.Scalar, SimdPath.Vector256, SimdPath.Vector512 })
            {
                if (Supported(path))
                {
                    CheckProduct(
                        path, shape.M, shape.N, shape.K, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, random, new EpilogueChoice((flags & 8) != 0, (flags & 16) != 0, (flags & 32) != 0));
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Two_cores_compute_the_same_product_as_one()
    {
        var random = new Random(5);
        const int m = 203, n = 150, k = 190;
        var a = RandomArray(random, m * k);
        var b = RandomArray(random, k * n);
        var one = new float[m * n];
        var two = new float[m * n];
        fixed (float* pa = a, pb = b, p1 = one, p2 = two)
        {
            MatMul.Multiply(m, n, k, MatrixOperand.RowMajor(pa, k), MatrixOperand.RowMajor(pb, n), p1, n, false, Epilogue.None, new MatMulWorkspace(1));
            MatMul.Multiply(m, n, k, MatrixOperand.RowMajor(pa, k), MatrixOperand.RowMajor(pb, n), p2, n, false, Epilogue.None, new MatMulWorkspace(2));
        }

        Assert.Equal(one, two);
    }

    [Fact]
    public void Zero_depth_clears_or_keeps_the_result()
    {
        var c = new float[] { 1, 2, 3, 4 };
        fixed (float* pc = c)
        {
            MatMul.Multiply(2, 2, 0, MatrixOperand.RowMajor(pc, 0), MatrixOperand.RowMajor(pc, 2), pc, 2, true, Epilogue.None, new MatMulWorkspace());
            Assert.Equal([1f, 2, 3, 4], c);
            MatMul.Multiply(2, 2, 0, MatrixOperand.RowMajor(pc, 0), MatrixOperand.RowMajor(pc, 2), pc, 2, false, Epilogue.None, new MatMulWorkspace());
        }

        Assert.Equal([0f, 0, 0, 0], c);
    }

    internal static bool Supported(SimdPath path) => path switch
    {
        SimdPath.Vector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
        SimdPath.Vector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        _ => true,
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Bias_relu_and_mask_epilogues_match_the_reference(int pathNumber)
    {
        var path = (SimdPath)pathNumber;
        if (!Supported(path))
        {
            return;
        }

        var random = new Random(13);
        foreach (var (m, n, k) in new[] { (256, 256, 256), (37, 3, 70), (5, 70, 300), (64, 64, 4), (19, 200, 1), (300, 2, 256) })
        {
            foreach (var transposeA in new[] { false, true })
            {
                CheckProduct(path, m, n, k, transposeA, false, accumulate: false, random, new EpilogueChoice(Bias: true, Relu: true, Mask: false));
                CheckProduct(path, m, n, k, transposeA, true, accumulate: transposeA, random, new EpilogueChoice(Bias: false, Relu: false, Mask: true));
            }
        }
    }

    private readonly record struct EpilogueChoice(bool Bias, bool Relu, bool Mask);

    private static void CheckProduct(
        SimdPath path, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, Random random, EpilogueChoice epilogue = default)
    {
        // Stored layouts: A is m×k (or k×m when transposed), B is k×n (or n×k); C has a padded row stride.
        var a = RandomArray(random, m * k);
        var b = RandomArray(random, k * n);
        var ldc = n + 3;
        var c = RandomArray(random, m * ldc);
        var bias = RandomArray(random, n);
        // The mask has its own row stride, and exact zeros, which must count as "not positive".
        var maskStride = n + 1;
        var mask = RandomArray(random, m * maskStride);
        for (var i = 0; i < mask.Length; i += 7)
        {
            mask[i] = 0;
        }

        var expected = new double[m * ldc];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < ldc; j++)
            {
                // Columns past n are padding the product must leave alone.
                double sum = c[(i * ldc) + j];
                if (j < n)
                {
                    sum = accumulate ? sum : 0;
                    for (var p = 0; p < k; p++)
                    {
                        var av = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                        var bv = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                        sum += (double)av * bv;
                    }

                    sum += epilogue.Bias ? bias[j] : 0;
                    sum = epilogue.Relu ? Math.Max(sum, 0) : sum;
                    sum = epilogue.Mask && !(mask[(i * maskStride) + j] > 0) ? 0 : sum;
                }

                expected[(i * ldc) + j] = sum;
            }
        }

        fixed (float* pa = a, pb = b, pc = c, pBias = bias, pMask = mask)
        {
            var aOperand = transposeA ? MatrixOperand.TransposeOf(pa, m) : MatrixOperand.RowMajor(pa, k);
            var bOperand = transposeB ? MatrixOperand.TransposeOf(pb, k) : MatrixOperand.RowMajor(pb, n);
            var fused = new Epilogue
            {
                Bias = epilogue.Bias ? pBias : null,
                Relu = epilogue.Relu,
                Mask = epilogue.Mask ? pMask : null,
                MaskStride = maskStride,
            };
            MatMul.Multiply(path, m, n, k, aOperand, bOperand, pc, ldc, accumulate, fused, new MatMulWorkspace());
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-5 * (k + 1) + (1e-5 * Math.Abs(expected[i]));
            Assert.True(
                Math.Abs(c[i] - expected[i]) <= tolerance,
                $"{path} m={m} n={n} k={k} tA={transposeA} tB={transposeB} acc={accumulate} {epilogue}: element {i} is {c[i]}, expected {expected[i]}");
        }
    }

    private static float[] RandomArray(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
