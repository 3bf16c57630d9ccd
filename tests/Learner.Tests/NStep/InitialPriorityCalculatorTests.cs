using Flock.Learner.Networks;
using Flock.Learner.NStep;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.NStep;

public sealed class InitialPriorityCalculatorTests
{
    [Fact]
    public void Priorities_are_the_absolute_td_errors_under_the_local_network()
    {
        var spec = new QNetworkSpec(2, 3, [8], dueling: true);
        var network = new QNetwork(spec, seed: 4);
        var batch = TransitionBatch.Allocate(0, 6, 2);
        var random = new Random(2);
        for (var i = 0; i < 5; i++)
        {
            batch.Observations[2 * i] = (float)random.NextDouble();
            batch.Observations[(2 * i) + 1] = (float)random.NextDouble();
            batch.NextObservations[2 * i] = (float)random.NextDouble();
            batch.NextObservations[(2 * i) + 1] = (float)random.NextDouble();
            batch.Actions[i] = i % 3;
            batch.Rewards[i] = i - 2;
            batch.Discounts[i] = 0.97f;
            batch.Terminated[i] = i == 3;
        }

        batch.InitialPriorities[5] = -1;
        new InitialPriorityCalculator(network).Compute(batch, 5);

        var q = new float[15];
        var next = new float[15];
        network.Forward(batch.Observations.AsSpan(0, 10), 5, q);
        network.Forward(batch.NextObservations.AsSpan(0, 10), 5, next);
        for (var i = 0; i < 5; i++)
        {
            var bootstrap = i == 3 ? 0 : 0.97f * next.AsSpan(i * 3, 3).ToArray().Max();
            Assert.Equal(Math.Abs(batch.Rewards[i] + bootstrap - q[(i * 3) + (i % 3)]), batch.InitialPriorities[i], 5);
        }

        Assert.Equal(-1f, batch.InitialPriorities[5]);
    }

    [Fact]
    public void A_uint8_batch_gets_the_priorities_of_the_same_boards_as_floats()
    {
        var spec = new QNetworkSpec(12, 4, [8], dueling: false);
        var network = new QNetwork(spec, seed: 5);
        var floats = TransitionBatch.Allocate(0, 6, 12);
        var bytes = TransitionBatch.Allocate(0, 6, 12, ObservationEncoding.UInt8);
        var random = new Random(3);
        for (var i = 0; i < 6 * 12; i++)
        {
            bytes.ObservationBytes[i] = (byte)random.Next(2);
            bytes.NextObservationBytes[i] = (byte)random.Next(2);
            floats.Observations[i] = bytes.ObservationBytes[i];
            floats.NextObservations[i] = bytes.NextObservationBytes[i];
        }

        foreach (var batch in new[] { floats, bytes })
        {
            for (var i = 0; i < 6; i++)
            {
                batch.Actions[i] = i % 4;
                batch.Rewards[i] = i - 2;
                batch.Discounts[i] = 0.97f;
                batch.Terminated[i] = i == 3;
            }
        }

        var calculator = new InitialPriorityCalculator(network);
        calculator.Compute(floats, 6);
        calculator.Compute(bytes, 6);
        Assert.Equal(floats.InitialPriorities, bytes.InitialPriorities);
        Assert.Contains(bytes.InitialPriorities, p => p > 0);
    }
}
