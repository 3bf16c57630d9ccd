using Flock.Learner.Replay;

namespace Flock.Learner.Tests.Replay;

public sealed class ImportanceWeightTests
{
    private const double Alpha = 0.7;
    private const double Floor = 1e-6;

    [Fact]
    public void Weights_equal_the_naive_normalised_N_P_to_the_minus_beta()
    {
        var options = new ReplayOptions(200, 1, betaAnnealSamples: 10_000, alpha: Alpha, betaStart: 0.4, priorityFloor: Floor);
        var replay = new PrioritizedReplay(options, seed: 11);
        var initial = Enumerable.Range(0, 300).Select(k => k % 4 == 0 ? -1f : (k % 37) * 0.3f).ToArray();
        replay.Add(KeyedTransitions.Batch(0, 1, initial));
        var sample = new SampledBatch(512, 1);
        replay.Sample(512, sample);
        replay.Sample(512, sample); // β is now part-way, neither its start nor 1

        // Reference from the definition, over live keys 100..299 (the first 100 were overwritten).
        var maxSeen = initial.Where(p => p >= 0).Select(p => (float)Math.Pow(p + Floor, Alpha)).Prepend(1f).Max();
        var running = 1f;
        var priority = new Dictionary<long, double>();
        for (var k = 0; k < 300; k++)
        {
            var p = initial[k] >= 0 ? (float)Math.Pow(initial[k] + Floor, Alpha) : running;
            running = Math.Max(running, p);
            if (k >= 100)
            {
                priority[k] = p;
            }
        }

        Assert.Equal(maxSeen, replay.MaxPriority);
        var n = priority.Count;
        var total = priority.Values.Sum();
        var beta = replay.Beta;
        Assert.InRange(beta, 0.4 + 1e-3, 1 - 1e-3);
        double Weight(long key) => Math.Pow(n * priority[key] / total, -beta);
        var maxWeight = priority.Keys.Max(Weight);

        replay.Sample(512, sample);
        for (var i = 0; i < sample.Count; i++)
        {
            var naive = Weight(sample.Keys[i]) / maxWeight;
            Assert.InRange(sample.ImportanceWeights[i], naive * (1 - 1e-5), naive * (1 + 1e-5));
            Assert.InRange(sample.ImportanceWeights[i], 0f, 1f);
        }
    }

    [Fact]
    public void Beta_rises_linearly_from_its_start_to_1_over_the_configured_samples_and_stays_there()
    {
        var replay = new PrioritizedReplay(new ReplayOptions(16, 1, betaAnnealSamples: 1000, betaStart: 0.4), seed: 1);
        KeyedTransitions.AddAtMaxPriority(replay, 16);
        var sample = new SampledBatch(250, 1);
        var betas = new List<double> { replay.Beta };
        for (var i = 0; i < 6; i++)
        {
            replay.Sample(250, sample);
            betas.Add(replay.Beta);
        }

        double[] expected = [0.4, 0.55, 0.7, 0.85, 1.0, 1.0, 1.0];
        Assert.Equal(expected.Length, betas.Count);
        Assert.All(expected.Zip(betas), pair => Assert.Equal(pair.First, pair.Second, 12));
    }

    [Fact]
    public void Zero_anneal_length_means_beta_is_1_from_the_start()
    {
        var replay = new PrioritizedReplay(new ReplayOptions(4, 1, betaAnnealSamples: 0, betaStart: 0.4), seed: 1);
        Assert.Equal(1.0, replay.Beta);
    }

    [Fact]
    public void The_weights_of_a_batch_use_the_beta_in_force_before_it()
    {
        // β starts at 0, so the first batch must be all ones although it moves β to 1 for the next.
        var replay = new PrioritizedReplay(new ReplayOptions(8, 1, betaAnnealSamples: 64, betaStart: 0), seed: 1);
        replay.Add(KeyedTransitions.Batch(0, 1, [0.1f, 1f, 10f, 100f, 0.1f, 1f, 10f, 100f]));
        var sample = new SampledBatch(64, 1);
        replay.Sample(64, sample);
        Assert.All(sample.ImportanceWeights, w => Assert.Equal(1f, w));
        Assert.Equal(1.0, replay.Beta);
        replay.Sample(64, sample);
        Assert.Contains(sample.ImportanceWeights, w => w < 0.5f);
    }
}
