using FsCheck;
using FsCheck.Fluent;

namespace Flock.Environments.Tests.Wrappers;

public sealed class ObservationNormalizationTests
{
    [Fact]
    public void Welford_statistics_match_a_naive_two_pass_computation() =>
        Prop.ForAll(
            Gen.Choose(1, 4).ToArbitrary(),
            Gen.ArrayOf(Gen.Choose(-1_000_000, 1_000_000)).ToArbitrary(),
            (size, raw) =>
            {
                // Samples are whole thousandths so they are exact floats of varied magnitude.
                var rows = raw.Length / size;
                var statistics = new RunningMeanVariance(size);
                var samples = new float[rows][];
                for (var r = 0; r < rows; r++)
                {
                    samples[r] = [.. raw.Skip(r * size).Take(size).Select(v => v / 1000f)];
                    statistics.Update(samples[r]);
                }

                if (statistics.Count != rows)
                {
                    return false;
                }

                for (var i = 0; i < size; i++)
                {
                    var column = samples.Select(s => (double)s[i]).ToArray();
                    var mean = rows == 0 ? 0.0 : column.Average();
                    var variance = rows == 0 ? 0.0 : column.Sum(x => (x - mean) * (x - mean)) / rows;
                    if (!Close(statistics.Mean[i], mean) || !Close(statistics.Variance(i), variance))
                    {
                        return false;
                    }
                }

                return true;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Observations_are_normalised_with_the_statistics_including_the_current_one()
    {
        var source = new ConstantStepEnvironment([10f, -4f], [[12f, -4f], [14f, -4f]]);
        var wrapper = new ObservationNormalizationWrapper(source, clip: 5f, epsilon: 1e-8);
        var observation = new float[2];

        wrapper.Reset(observation);
        Assert.Equal([0f, 0f], observation);

        wrapper.Step(0, observation);
        // Mean of (10, 12) is 11 and the population variance 1, so 12 normalises to +1.
        Assert.Equal(1f, observation[0], 5);
        Assert.Equal(0f, observation[1]);

        wrapper.Step(0, observation);
        var expected = (14 - 12) / Math.Sqrt(8.0 / 3 + 1e-8);
        Assert.Equal(expected, observation[0], 5);
        Assert.Equal(3, wrapper.Statistics.Count);
    }

    [Fact]
    public void Outliers_are_clipped_and_frozen_statistics_stop_updating()
    {
        var source = new ConstantStepEnvironment([0f], [[0f], [1000f], [0f]]);
        var wrapper = new ObservationNormalizationWrapper(source, clip: 2f);
        var observation = new float[1];
        wrapper.Reset(observation);
        wrapper.Step(0, observation);
        wrapper.Frozen = true;
        wrapper.Step(0, observation);
        Assert.Equal(2f, observation[0]);
        Assert.Equal(2, wrapper.Statistics.Count);
        Assert.Equal(Box.Vector(1, -2f, 2f).ToString(), wrapper.ObservationSpace.ToString());
    }

    private static bool Close(double actual, double expected) =>
        Math.Abs(actual - expected) <= 1e-9 * Math.Max(1.0, Math.Abs(expected));

    /// <summary>Writes a fixed reset observation and then the given step observations in turn.</summary>
    private sealed class ConstantStepEnvironment(float[] first, float[][] steps) : IEnvironment
    {
        private int _step;

        public Box ObservationSpace { get; } = Box.Vector(first.Length, -1e6f, 1e6f);

        public Discrete ActionSpace { get; } = new(1);

        public void Reset(Span<float> observation, ulong? seed = null)
        {
            _step = 0;
            first.CopyTo(observation);
        }

        public StepResult Step(int action, Span<float> observation)
        {
            steps[_step++].CopyTo(observation);
            return new StepResult(0f, false, false);
        }
    }
}
