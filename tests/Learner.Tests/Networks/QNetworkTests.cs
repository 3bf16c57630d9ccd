using Flock.Learner.Networks;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.Networks;

public sealed class QNetworkTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 64)]
    [InlineData(false, 256)]
    public void Forward_matches_the_float64_reference(bool dueling, int rows)
    {
        var spec = new QNetworkSpec(4, 2, [256, 256], dueling);
        var network = new QNetwork(spec, seed: 9);
        var observations = RandomObservations(rows * spec.ObsDim, seed: rows);
        var q = new float[rows * spec.ActionCount];
        network.Forward(observations, rows, q);

        var expected = ReferenceNetwork.Forward(spec, ReferenceNetwork.ToDouble(network.Parameters), ReferenceNetwork.ToDouble(observations), rows);
        for (var i = 0; i < q.Length; i++)
        {
            Assert.True(Math.Abs(q[i] - expected[i]) <= 1e-4 + (1e-4 * Math.Abs(expected[i])), $"Q[{i}] = {q[i]}, expected {expected[i]}");
        }
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 32)]
    [InlineData(false, 65)]
    public void A_minatar_convolutional_network_matches_the_float64_reference(bool dueling, int rows)
    {
        var spec = GradientCheckTests.ConvolutionSpec([10, 10, 4], "conv16k3s1,fc128", dueling, actions: 6);
        Assert.Equal(spec.Architecture.ParameterCount(spec.InputShape, 6, dueling), spec.CreateLayout().TotalLength);
        var network = new QNetwork(spec, seed: 3);
        var random = new Random(rows);
        var observations = Enumerable.Range(0, rows * spec.ObsDim).Select(_ => random.Next(4) == 0 ? 1f : 0f).ToArray();
        var q = new float[rows * spec.ActionCount];
        network.Forward(observations, rows, q);
        var expected = ReferenceNetwork.Forward(spec, ReferenceNetwork.ToDouble(network.Parameters), ReferenceNetwork.ToDouble(observations), rows);
        for (var i = 0; i < q.Length; i++)
        {
            Assert.True(Math.Abs(q[i] - expected[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"q[{i}] {q[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Two_cores_give_the_same_q_values_as_one()
    {
        var spec = new QNetworkSpec(4, 3, [256, 128], dueling: true);
        var observations = RandomObservations(300 * 4, seed: 2);
        var one = new float[300 * 3];
        var two = new float[300 * 3];
        new QNetwork(spec, seed: 1, degreeOfParallelism: 1).Forward(observations, 300, one);
        new QNetwork(spec, seed: 1, degreeOfParallelism: 2).Forward(observations, 300, two);
        Assert.Equal(one, two);
    }

    [Fact]
    public void The_minatar_network_on_one_thread_direct_agrees_with_two_threads_im2col()
    {
        var spec = GradientCheckTests.ConvolutionSpec([10, 10, 4], "conv16k3s1,fc128", dueling: false, actions: 6);
        var random = new Random(4);
        var observations = Enumerable.Range(0, 70 * spec.ObsDim).Select(_ => random.Next(10) == 0 ? 1f : 0f).ToArray();
        var one = new float[70 * 6];
        var two = new float[70 * 6];
        new QNetwork(spec, seed: 1, degreeOfParallelism: 1).Forward(observations, 70, one);
        new QNetwork(spec, seed: 1, degreeOfParallelism: 2).Forward(observations, 70, two);
        for (var i = 0; i < one.Length; i++)
        {
            Assert.True(Math.Abs(one[i] - two[i]) <= 1e-5 * Math.Max(1, Math.Abs(one[i])), $"q[{i}] {one[i]} vs {two[i]}");
        }
    }

    [Fact]
    public void Parameters_are_laid_out_weight_then_bias_per_layer_with_inputs_as_rows()
    {
        var layout = new QNetworkSpec(4, 2, [8, 6], dueling: true).CreateLayout();
        Assert.Equal(
            [new(4, 8), new(1, 8), new(8, 6), new(1, 6), new(6, 3), new ParameterShape(1, 3)],
            layout.Shapes);
        Assert.Equal((4 * 8) + 8 + (8 * 6) + 6 + (6 * 3) + 3, layout.TotalLength);
        Assert.Equal(0, layout.WeightOffset(0));
        Assert.Equal(32, layout.BiasOffset(0));
        Assert.Equal(40, layout.WeightOffset(1));
    }

    [Fact]
    public void A_snapshot_loaded_into_another_network_reproduces_its_q_values_and_version()
    {
        var spec = new QNetworkSpec(4, 2, [32, 32], dueling: true);
        var source = new QNetwork(spec, seed: 1);
        source.Version = 42;
        var copy = new QNetwork(spec, seed: 2);
        var snapshot = source.Snapshot();
        copy.Load(snapshot);

        var observations = RandomObservations(10 * 4, seed: 3);
        var expected = new float[20];
        var actual = new float[20];
        source.Forward(observations, 10, expected);
        copy.Forward(observations, 10, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(42, copy.Version);
        Assert.Equal(42, snapshot.Version);
    }

    [Fact]
    public void Loading_a_snapshot_of_another_shape_names_the_tensor_that_differs()
    {
        var snapshot = new QNetwork(new QNetworkSpec(4, 2, [256, 256], false)).Snapshot();
        var network = new QNetwork(new QNetworkSpec(4, 2, [256, 128], false));
        var error = Assert.Throws<InvalidDataException>(() => network.Load(snapshot));
        Assert.Equal("weight snapshot layer 2 weight is 256×256, network expects 256×128", error.Message);
    }

    [Fact]
    public void Initial_weights_follow_pytorch_linear_bounds()
    {
        var spec = new QNetworkSpec(16, 4, [400], dueling: false);
        var network = new QNetwork(spec, seed: 5);
        var layout = network.Layout;
        var parameters = network.Parameters.ToArray();
        for (var layer = 0; layer < spec.LayerCount; layer++)
        {
            var bound = 1 / Math.Sqrt(spec.LayerInputs(layer));
            var weights = parameters.AsSpan(layout.WeightOffset(layer), spec.LayerInputs(layer) * spec.LayerOutputs(layer)).ToArray();
            Assert.All(weights, w => Assert.InRange(w, -bound, bound));
            // Uniform over the whole interval: the extremes are reached and the mean is near zero.
            Assert.True(weights.Max() > 0.95 * bound && weights.Min() < -0.95 * bound);
            Assert.InRange(weights.Average(), -0.1 * bound, 0.1 * bound);
            var biases = parameters.AsSpan(layout.BiasOffset(layer), spec.LayerOutputs(layer)).ToArray();
            Assert.All(biases, b => Assert.InRange(b, -bound, bound));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_another_seed_different_ones()
    {
        var spec = new QNetworkSpec(4, 2, [16], dueling: false);
        Assert.Equal(new QNetwork(spec, 3).Parameters.ToArray(), new QNetwork(spec, 3).Parameters.ToArray());
        Assert.NotEqual(new QNetwork(spec, 3).Parameters.ToArray(), new QNetwork(spec, 4).Parameters.ToArray());
    }

    [Fact]
    public void Dueling_aggregation_subtracts_the_mean_advantage()
    {
        // Rows [V, A1, A2, A3]: Q_a = V + A_a − mean(A).
        float[] head = [1, 2, 4, 6, -1, 0, 0, 3];
        var q = new float[6];
        DuelingHead.Aggregate(head, 2, 3, q);
        Assert.Equal([-1f, 1, 3, -2, -2, 1], q);
    }

    [Fact]
    public void Dueling_q_values_ignore_a_constant_added_to_all_advantages()
    {
        float[] head = [0.5f, 1, -2, 3];
        float[] shifted = [0.5f, 11, 8, 13];
        var q = new float[3];
        var qShifted = new float[3];
        DuelingHead.Aggregate(head, 1, 3, q);
        DuelingHead.Aggregate(shifted, 1, 3, qShifted);
        for (var a = 0; a < 3; a++)
        {
            Assert.Equal(q[a], qShifted[a], 5);
        }
    }

    [Fact]
    public void Dueling_backward_sends_the_sum_to_the_value_and_centred_gradients_to_the_advantages()
    {
        float[] qGradient = [1, 0, -4];
        var headGradient = new float[4];
        DuelingHead.Backward(qGradient, 1, 3, headGradient);
        Assert.Equal([-3f, 2, 1, -3], headGradient);
    }

    internal static float[] RandomObservations(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }
}
