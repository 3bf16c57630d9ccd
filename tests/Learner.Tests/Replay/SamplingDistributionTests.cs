using Flock.Learner.Numerics;
using Flock.Learner.Replay;
using Xunit.Abstractions;

namespace Flock.Learner.Tests.Replay;

/// <summary>
/// Pearson chi-square goodness of fit of the sampled keys against P(i) = p_i / Σp, at significance 0.001.
/// Stratified sampling is less variable than independent draws, so the multinomial chi-square reference
/// is conservative here: a correct sampler passes with room to spare, a wrong one is still rejected.
/// </summary>
public sealed class SamplingDistributionTests(ITestOutputHelper output)
{
    private const int Capacity = 1000;
    private const double Alpha = 0.6;
    private const double Floor = 1e-6;
    private const int BatchSize = 512;
    private const int Batches = 400; // 204,800 draws, about 205 per transition

    /// <summary>Upper 0.001 quantile of the standard normal.</summary>
    private const double Z999 = 3.090232306167813;

    [Fact]
    public void Sampled_keys_follow_the_priorities_and_a_uniform_sampler_would_be_rejected()
    {
        var replay = new PrioritizedReplay(new ReplayOptions(Capacity, 1, betaAnnealSamples: 0, alpha: Alpha, priorityFloor: Floor), seed: 2024);
        var absTd = new Dictionary<long, float>();

        // 1,500 adds overwrite the first 500; then new TD errors for half of the survivors and some stale keys.
        var initial = Enumerable.Range(0, 1500).Select(k => 0.5f + ((k * 7919) % 1000 / 100f)).ToArray();
        replay.Add(KeyedTransitions.Batch(0, 1, initial));
        var updatedKeys = Enumerable.Range(250, 750).Select(k => (long)k).ToArray();
        var updatedTd = updatedKeys.Select(k => 0.5f + ((k * 104729) % 997 / 50f)).ToArray();
        Assert.Equal(250, replay.UpdatePriorities(updatedKeys, updatedTd));
        for (long k = 500; k < 1500; k++)
        {
            absTd[k] = k < 1000 ? updatedTd[k - 250] : initial[k];
        }

        var liveKeys = absTd.Keys.Order().ToArray();
        var priorities = liveKeys.Select(k => Math.Pow(absTd[k] + Floor, Alpha)).ToArray();

        var observed = new long[Capacity];
        var sample = new SampledBatch(BatchSize, 1);
        for (var b = 0; b < Batches; b++)
        {
            replay.Sample(BatchSize, sample);
            foreach (var key in sample.Keys)
            {
                observed[key - 500]++;
            }
        }

        var draws = (long)Batches * BatchSize;
        var expected = Probabilities(priorities).Select(p => p * draws).ToArray();
        Assert.True(expected.Min() >= 5, "every expected count must be ≥ 5 for the chi-square approximation");
        var critical = ChiSquareUpperQuantile999(degreesOfFreedom: Capacity - 1);

        var statistic = ChiSquare(observed, expected);
        output.WriteLine($"chi-square {statistic:F1} with {Capacity - 1} degrees of freedom, critical value at p = 0.001: {critical:F1}");
        Assert.InRange(statistic, 0, critical);

        // The same test rejects samplers that are wrong: one that ignores the priorities (uniform), and one
        // that forgets α (probabilities ∝ |δ|, tested against what this replay actually drew).
        var random = new FastRandom(99);
        var uniform = new long[Capacity];
        for (var i = 0; i < draws; i++)
        {
            uniform[(int)(random.NextUInt64() % Capacity)]++;
        }

        Assert.True(ChiSquare(uniform, expected) > critical, "a uniform sampler must be rejected");
        var withoutAlpha = Probabilities(liveKeys.Select(k => (double)absTd[k] + Floor).ToArray()).Select(p => p * draws).ToArray();
        Assert.True(ChiSquare(observed, withoutAlpha) > critical, "the draws must be distinguishable from α = 1");
    }

    private static double[] Probabilities(double[] priorities)
    {
        var total = priorities.Sum();
        return priorities.Select(p => p / total).ToArray();
    }

    private static double ChiSquare(long[] observed, double[] expected) =>
        observed.Zip(expected, (o, e) => (o - e) * (o - e) / e).Sum();

    /// <summary>
    /// Wilson–Hilferty: (χ²_k / k)^(1/3) is close to normal with mean 1 − 2/(9k) and variance 2/(9k). For
    /// k = 999 it gives 1142.87 against an exact 0.999 quantile of about 1143; the error is far below the
    /// gap between a correct and a wrong sampler.
    /// </summary>
    private static double ChiSquareUpperQuantile999(int degreesOfFreedom)
    {
        var v = 2.0 / (9 * degreesOfFreedom);
        return degreesOfFreedom * Math.Pow(1 - v + (Z999 * Math.Sqrt(v)), 3);
    }
}
