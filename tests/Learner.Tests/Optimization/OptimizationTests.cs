using Flock.Learner.Optimization;

namespace Flock.Learner.Tests.Optimization;

public sealed class AdamTests
{
    [Fact]
    public void First_step_matches_the_hand_computed_update()
    {
        // t = 1: m = 0.1·g, v = 0.001·g², m̂ = g, √v̂ = |g|, so p ← p − lr·g/(|g| + ε).
        var adam = new AdamOptimizer(3, new AdamOptions());
        float[] parameters = [1f, -2f, 0.5f];
        float[] gradients = [0.5f, -4f, 0f];
        adam.Step(parameters, gradients, 0.1f);

        Assert.Equal(1f - (0.1f * 0.5f / (0.5f + 1e-8f)), parameters[0], 6);
        Assert.Equal(-2f + (0.1f * 4f / (4f + 1e-8f)), parameters[1], 6);
        Assert.Equal(0.5f, parameters[2]);
        Assert.Equal(0.05f, adam.FirstMoment[0], 7);
        Assert.Equal(-0.4f, adam.FirstMoment[1], 7);
        Assert.Equal(0f, adam.FirstMoment[2]);
        Assert.Equal(0.00025f, adam.SecondMoment[0], 9);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void Several_steps_follow_pytorchs_formula_in_float64_on_vector_and_tail_elements()
    {
        const int count = 37;
        var options = new AdamOptions { Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-3 };
        var adam = new AdamOptimizer(count, options);
        var random = new Random(4);
        var parameters = new float[count];
        var reference = new double[count];
        var m = new double[count];
        var v = new double[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = (float)random.NextDouble();
            reference[i] = parameters[i];
        }

        for (var t = 1; t <= 5; t++)
        {
            var gradients = new float[count];
            for (var i = 0; i < count; i++)
            {
                gradients[i] = (float)((random.NextDouble() * 2) - 1);
                m[i] = (0.8 * m[i]) + (0.2 * gradients[i]);
                v[i] = (0.99 * v[i]) + (0.01 * gradients[i] * gradients[i]);
                var stepSize = 0.01 / (1 - Math.Pow(0.8, t));
                var denominator = (Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(0.99, t))) + 1e-3;
                reference[i] -= stepSize * m[i] / denominator;
            }

            adam.Step(parameters, gradients, 0.01f);
        }

        for (var i = 0; i < count; i++)
        {
            Assert.True(Math.Abs(parameters[i] - reference[i]) < 1e-6, $"parameter {i}: {parameters[i]} vs {reference[i]}");
        }
    }

    [Fact]
    public void Restored_state_continues_exactly_like_the_original()
    {
        var original = new AdamOptimizer(4, new AdamOptions());
        float[] parameters = [1, 2, 3, 4];
        float[] gradients = [0.1f, -0.2f, 0.3f, -0.4f];
        original.Step(parameters, gradients, 0.01f);
        var restored = new AdamOptimizer(4, new AdamOptions());
        restored.Restore(original.FirstMoment, original.SecondMoment, original.StepCount);

        var copy = (float[])parameters.Clone();
        original.Step(parameters, gradients, 0.01f);
        restored.Step(copy, gradients, 0.01f);
        Assert.Equal(parameters, copy);
    }
}

public sealed class GradientClippingTests
{
    [Fact]
    public void Gradients_under_the_limit_are_left_alone()
    {
        float[] gradients = [3, 4];
        var result = GradientClipping.ClipByGlobalNorm(gradients, 10);
        Assert.Equal(new ClipResult(5, false), result);
        Assert.Equal([3f, 4], gradients);
    }

    [Fact]
    public void Gradients_over_the_limit_are_scaled_to_it_like_torch()
    {
        float[] gradients = [3, 4, 0];
        var result = GradientClipping.ClipByGlobalNorm(gradients, 1);
        Assert.True(result.Clipped);
        Assert.Equal(5f, result.Norm, 5);
        var coefficient = 1 / (5 + 1e-6);
        Assert.Equal(3 * coefficient, gradients[0], 6);
        Assert.Equal(4 * coefficient, gradients[1], 6);
        Assert.Equal(1.0, Math.Sqrt((gradients[0] * gradients[0]) + (gradients[1] * gradients[1])), 5);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.PositiveInfinity)]
    public void A_non_positive_or_infinite_limit_measures_without_clipping(float limit)
    {
        float[] gradients = [30, 40];
        Assert.Equal(new ClipResult(50, false), GradientClipping.ClipByGlobalNorm(gradients, limit));
        Assert.Equal([30f, 40], gradients);
    }
}

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Constant_never_changes() =>
        Assert.All(new long[] { 0, 1, 1_000_000 }, u => Assert.Equal(3e-4, LearningRateSchedule.Constant(3e-4).LearningRateAt(u)));

    [Fact]
    public void Linear_decay_interpolates_then_holds_the_final_rate()
    {
        var schedule = new LearningRateSchedule { Decay = LearningRateDecay.Linear, Initial = 1e-3, Final = 1e-4, DecayUpdates = 1000 };
        Assert.Equal(1e-3, schedule.LearningRateAt(0), 12);
        Assert.Equal(5.5e-4, schedule.LearningRateAt(500), 12);
        Assert.Equal(1e-4, schedule.LearningRateAt(1000), 12);
        Assert.Equal(1e-4, schedule.LearningRateAt(5000), 12);
    }

    [Fact]
    public void Step_decay_multiplies_at_each_interval()
    {
        var schedule = new LearningRateSchedule { Decay = LearningRateDecay.Step, Initial = 1e-3, StepInterval = 100, StepFactor = 0.1 };
        Assert.Equal(1e-3, schedule.LearningRateAt(0), 12);
        Assert.Equal(1e-3, schedule.LearningRateAt(99), 12);
        Assert.Equal(1e-4, schedule.LearningRateAt(100), 12);
        Assert.Equal(1e-5, schedule.LearningRateAt(250), 12);
    }
}

public sealed class WeightedLossTests
{
    [Theory]
    [InlineData(0f, 0f, 0f)]
    [InlineData(0.5f, 0.125f, 0.5f)]
    [InlineData(-0.5f, 0.125f, -0.5f)]
    [InlineData(1f, 0.5f, 1f)]
    [InlineData(-1f, 0.5f, -1f)]
    [InlineData(3f, 2.5f, 1f)]
    [InlineData(-3f, 2.5f, -1f)]
    public void Huber_values_and_slopes(float x, float value, float slope)
    {
        Assert.Equal(value, WeightedLoss.Huber(x), 6);
        Assert.Equal(slope, WeightedLoss.HuberDerivative(x), 6);
    }

    [Fact]
    public void Huber_is_continuous_with_a_continuous_slope_across_its_knee()
    {
        foreach (var sign in new[] { -1f, 1f })
        {
            foreach (var epsilon in new[] { 1e-3f, 1e-5f })
            {
                float inside = sign * (1 - epsilon), outside = sign * (1 + epsilon);
                Assert.Equal(0.5 * inside * inside, WeightedLoss.Huber(inside), 6);
                Assert.Equal(Math.Abs(outside) - 0.5, WeightedLoss.Huber(outside), 6);
                Assert.True(Math.Abs(WeightedLoss.Huber(inside) - 0.5) <= 1.01 * epsilon);
                Assert.True(Math.Abs(WeightedLoss.Huber(outside) - 0.5) <= 1.01 * epsilon);
                Assert.Equal(inside, WeightedLoss.HuberDerivative(inside));
                Assert.Equal(sign, WeightedLoss.HuberDerivative(outside));
            }
        }
    }

    [Fact]
    public void Weighted_huber_is_the_mean_of_weighted_terms_with_matching_gradients()
    {
        float[] predictions = [0, 2, -1, 5];
        float[] targets = [0.5f, 0, -1, 1];
        float[] weights = [1, 0.5f, 2, 0.25f];
        var gradients = new float[4];
        var loss = WeightedLoss.Evaluate(LossKind.Huber, predictions, targets, weights, gradients);
        // Terms: 0.125, 0.5·1.5, 0, 0.25·3.5.
        Assert.Equal((0.125 + 0.75 + 0 + 0.875) / 4, loss, 6);
        Assert.Equal([-0.5f / 4, 0.5f / 4, 0, 0.25f / 4], gradients);
    }

    [Fact]
    public void Weighted_mse_is_the_mean_of_weighted_squares()
    {
        float[] predictions = [1, -2];
        float[] targets = [0, 0];
        float[] weights = [1, 0.5f];
        var gradients = new float[2];
        var loss = WeightedLoss.Evaluate(LossKind.MeanSquared, predictions, targets, weights, gradients);
        Assert.Equal((1 + (0.5 * 4)) / 2, loss, 6);
        Assert.Equal([1f, -1f], gradients);
    }
}
