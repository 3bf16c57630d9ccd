using Flock.Learner.Dqn;
using Flock.Learner.Networks;
using Flock.Learner.NStep;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.Dqn;

public sealed class DoubleDqnTargetTests
{
    [Fact]
    public void Online_network_chooses_and_target_network_evaluates()
    {
        // Transition (s0, a1, r 1, s1) of the chain. The online net prefers a1 in s1, the target net values a0 higher.
        float[] onlineNext = [1.0f, 3.0f];
        float[] targetNext = [5.0f, 0.5f];
        var targets = new float[1];

        DoubleDqnTarget.Compute(onlineNext, targetNext, 2, [1f], [TwoStateChain.Gamma], [false], doubleDqn: true, targets);
        Assert.Equal(1f + (0.9f * 0.5f), targets[0], 6);

        DoubleDqnTarget.Compute(onlineNext, targetNext, 2, [1f], [TwoStateChain.Gamma], [false], doubleDqn: false, targets);
        Assert.Equal(1f + (0.9f * 5.0f), targets[0], 6);
    }

    [Fact]
    public void Termination_removes_the_bootstrap_and_each_row_uses_its_own_discount()
    {
        float[] online = [0, 1, 1, 0, 1, 0];
        float[] target = [10, 20, 30, 40, 50, 60];
        var targets = new float[3];
        DoubleDqnTarget.Compute(online, target, 2, [1f, 2f, 3f], [0.9f, 0.81f, 0.729f], [false, false, true], doubleDqn: true, targets);
        Assert.Equal(1f + (0.9f * 20), targets[0], 5);
        Assert.Equal(2f + (0.81f * 30), targets[1], 5);
        Assert.Equal(3f, targets[2]);
    }

    [Fact]
    public void Two_step_return_through_the_chain_matches_the_hand_computed_target()
    {
        // s0 –a1, r=1→ s1 –a0, r=2→ end. The 2-step transition from s0 is terminal with return 1 + 0.9·2 = 2.8 = Q*(s0, a1),
        // and the 1-step transition from s1 returns 2 = Q*(s1, a0); neither bootstraps, whatever the networks say.
        var accumulator = new NStepAccumulator(1, 2, new NStepOptions { Steps = 2, Gamma = TwoStateChain.Gamma });
        var batch = TransitionBatch.Allocate(0, 8, 2);
        var count = accumulator.Push(TwoStateChain.S0, [1], [1f], [false], [false], TwoStateChain.S1, batch, 0);
        Assert.Equal(0, count);
        count += accumulator.Push(TwoStateChain.S1, [0], [2f], [true], [false], TwoStateChain.S1, batch, count);
        Assert.Equal(2, count);

        Assert.Equal(2.8f, batch.Rewards[0], 6);
        Assert.Equal(0.81f, batch.Discounts[0], 6);
        Assert.True(batch.Terminated[0]);
        Assert.Equal(2f, batch.Rewards[1]);
        Assert.Equal(0.9f, batch.Discounts[1], 6);

        var targets = new float[2];
        DoubleDqnTarget.Compute([9, 9, 9, 9], [7, 7, 7, 7], 2, batch.Rewards, batch.Discounts, batch.Terminated, doubleDqn: true, targets);
        Assert.Equal(TwoStateChain.OptimalQ[0][1], targets[0], 6);
        Assert.Equal(TwoStateChain.OptimalQ[1][0], targets[1], 6);
    }

    [Fact]
    public void Truncated_two_step_transition_bootstraps_with_gamma_squared()
    {
        // The same path cut by a time limit after the first step: one transition of k = 1 bootstrapping from s1.
        var accumulator = new NStepAccumulator(1, 2, new NStepOptions { Steps = 2, Gamma = TwoStateChain.Gamma });
        var batch = TransitionBatch.Allocate(0, 4, 2);
        var count = accumulator.Push(TwoStateChain.S0, [1], [1f], [false], [true], TwoStateChain.S1, batch, 0);
        Assert.Equal(1, count);
        Assert.False(batch.Terminated[0]);
        Assert.Equal(0.9f, batch.Discounts[0], 6);

        var targets = new float[1];
        // With optimal networks: online picks a0 in s1 (2 > 0), target values it 2: y = 1 + 0.9·2 = 2.8.
        DoubleDqnTarget.Compute(TwoStateChain.OptimalQ[1], TwoStateChain.OptimalQ[1], 2, batch.Rewards, batch.Discounts, batch.Terminated, true, targets);
        Assert.Equal(2.8f, targets[0], 6);
    }

    [Fact]
    public void Argmax_takes_the_first_of_equal_values_and_skips_nan()
    {
        Assert.Equal(1, QValues.ArgMax([0f, 2f, 2f]));
        Assert.Equal(1, QValues.ArgMax([float.NaN, 1f, 0f]));
    }
}
