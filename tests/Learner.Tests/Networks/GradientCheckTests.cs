using Flock.Learner.Networks;
using Flock.Learner.Numerics;
using Flock.Learner.Optimization;

namespace Flock.Learner.Tests.Networks;

/// <summary>The float32 backward pass against central finite differences of the float64 reference.</summary>
public sealed unsafe class GradientCheckTests
{
    public static TheoryData<bool, LossKind, int> Cases => new()
    {
        { false, LossKind.Huber, 1 },
        { true, LossKind.Huber, 2 },
        { false, LossKind.MeanSquared, 3 },
        { true, LossKind.MeanSquared, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_finite_differences_on_a_small_network(bool dueling, LossKind loss, int seed) =>
        CheckGradients(new QNetworkSpec(3, 3, [5, 4], dueling), rows: 6, loss, seed);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_finite_differences_where_every_kernel_path_runs(bool dueling, LossKind loss, int seed) =>
        // Widths past one and two 16-float panels, a narrow head and an odd batch exercise edge tiles and the narrow products.
        CheckGradients(new QNetworkSpec(5, 3, [70, 33], dueling), rows: 37, loss, seed);

    [Fact]
    public void Backward_of_a_linear_q_function_matches_finite_differences() =>
        CheckGradients(new QNetworkSpec(4, 2, [], dueling: false), rows: 9, LossKind.Huber, seed: 5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_through_two_convolutions_matches_finite_differences(bool dueling, LossKind loss, int seed) =>
        // 6×5×3 → conv4k3s1 → 4×3×4 → conv3k2s1 → 3×2×3 → fc7: the second convolution exercises col2im and the ReLU mask between them.
        CheckGradients(ConvolutionSpec([6, 5, 3], "conv4k3s1,conv3k2s1,fc7", dueling), rows: 5, loss, seed);

    [Fact]
    public void Backward_through_a_strided_convolution_straight_into_the_head_matches_finite_differences() =>
        CheckGradients(ConvolutionSpec([7, 7, 2], "conv5k3s2", dueling: false), rows: 4, LossKind.Huber, seed: 6);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_through_a_direct_first_convolution_matches_finite_differences(bool dueling, LossKind loss, int seed) =>
        // 16 filters: the first convolution runs direct (DirectConvolution), the second im2col with col2im into it.
        CheckGradients(ConvolutionSpec([6, 6, 3], "conv16k3s1,conv3k2s1,fc7", dueling), rows: 5, loss, seed);

    [Fact]
    public void Backward_through_a_direct_convolution_with_a_channel_tail_matches_finite_differences() =>
        // Six channels: one block of four and a tail of two in the direct weight gradient; a width of 3 outputs, all tail.
        CheckGradients(ConvolutionSpec([5, 5, 6], "conv16k3s1,fc5", dueling: false), rows: 3, LossKind.Huber, seed: 8);

    internal static QNetworkSpec ConvolutionSpec(int[] shape, string network, bool dueling, int actions = 3) =>
        new(shape, actions, Flock.Shared.Networks.NetworkArchitecture.TryParse(network, out var architecture, out var problem) ? architecture! : throw new ArgumentException(problem), dueling);

    private static void CheckGradients(QNetworkSpec spec, int rows, LossKind loss, int seed)
    {
        var random = new Random(seed);
        var network = new QNetwork(spec, (ulong)seed);
        var observations = new float[rows * spec.ObsDim];
        for (var i = 0; i < observations.Length; i++)
        {
            observations[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var actions = new int[rows];
        var targets = new float[rows];
        var weights = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            actions[i] = random.Next(spec.ActionCount);
            // Targets spread so that Huber sees both its quadratic and its linear branch.
            targets[i] = (float)((random.NextDouble() * 6) - 3);
            weights[i] = (float)(0.2 + random.NextDouble());
        }

        var q = new float[rows * spec.ActionCount];
        var qGradient = new float[rows * spec.ActionCount];
        var gradients = new float[network.Layout.TotalLength];
        var predictions = new float[rows];
        var predictionGradients = new float[rows];
        fixed (float* input = observations, qp = q, gq = qGradient, g = gradients)
        {
            network.Forward(input, rows, qp);
            for (var i = 0; i < rows; i++)
            {
                predictions[i] = q[(i * spec.ActionCount) + actions[i]];
            }

            WeightedLoss.Evaluate(loss, predictions, targets, weights, predictionGradients);
            for (var i = 0; i < rows; i++)
            {
                qGradient[(i * spec.ActionCount) + actions[i]] = predictionGradients[i];
            }

            network.Backward(input, rows, gq, g);
        }

        var parameters = ReferenceNetwork.ToDouble(network.Parameters);
        var obs64 = ReferenceNetwork.ToDouble(observations);
        var targets64 = ReferenceNetwork.ToDouble(targets);
        var weights64 = ReferenceNetwork.ToDouble(weights);
        var numeric = new double[parameters.Length];
        const double step = 1e-6;
        for (var p = 0; p < parameters.Length; p++)
        {
            var saved = parameters[p];
            parameters[p] = saved + step;
            var up = ReferenceNetwork.Loss(spec, loss, parameters, obs64, actions, targets64, weights64);
            parameters[p] = saved - step;
            var down = ReferenceNetwork.Loss(spec, loss, parameters, obs64, actions, targets64, weights64);
            parameters[p] = saved;
            numeric[p] = (up - down) / (2 * step);
        }

        var scale = numeric.Max(Math.Abs);
        Assert.True(scale > 1e-3, "the check is vacuous: all gradients are ~0");
        var worst = 0.0;
        var worstIndex = -1;
        for (var p = 0; p < parameters.Length; p++)
        {
            // Relative error, with a floor of 1% of the largest gradient so float32 rounding of near-zero entries does not dominate.
            var error = Math.Abs(gradients[p] - numeric[p]) / Math.Max(Math.Abs(numeric[p]), 1e-2 * scale);
            if (error > worst)
            {
                worst = error;
                worstIndex = p;
            }
        }

        Assert.True(
            worst <= 1e-3,
            $"{spec} {loss}: parameter {worstIndex} analytic {gradients[worstIndex]} vs numeric {numeric[worstIndex]} (relative error {worst:E2})");
    }
}
