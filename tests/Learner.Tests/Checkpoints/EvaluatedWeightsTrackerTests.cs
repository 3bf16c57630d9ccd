using Flock.Learner.Checkpoints;
using Flock.Learner.Networks;
using Flock.Shared.Messages;

namespace Flock.Learner.Tests.Checkpoints;

public sealed class EvaluatedWeightsTrackerTests
{
    private static WeightSnapshot Version(long version) => new(version, [new ParameterShape(1, 2)], [version, -version]);

    /// <summary>Plays the current version while the tracker wants more, returning its episodes.</summary>
    private static int Play(EvaluatedWeightsTracker tracker, Func<int, double> returnOf)
    {
        var played = 0;
        while (tracker.WantsMore)
        {
            tracker.Add(returnOf(played++));
        }

        return played;
    }

    [Fact]
    public void The_first_version_is_played_to_100_episodes_and_becomes_the_best_with_its_own_mean()
    {
        var tracker = new EvaluatedWeightsTracker(screenEpisodes: 10);
        Assert.False(tracker.WantsMore);
        tracker.Begin(Version(5));
        Assert.Equal(100, Play(tracker, e => e % 2));
        var best = Assert.IsType<EvaluatedWeights>(tracker.Best);
        Assert.Equal(5, best.Weights.Version);
        Assert.Equal(0.5, best.MeanReturn);
        Assert.Equal(100, best.Episodes);
    }

    [Fact]
    public void A_version_that_screens_worse_than_the_best_gets_only_its_screening()
    {
        var tracker = new EvaluatedWeightsTracker(screenEpisodes: 10);
        tracker.Begin(Version(1));
        Play(tracker, _ => 5);
        tracker.Begin(Version(2));
        Assert.Equal(10, Play(tracker, _ => 4));
        Assert.Equal(1, tracker.Best!.Weights.Version);
    }

    [Fact]
    public void A_version_that_screens_better_but_falls_back_over_100_episodes_does_not_replace_the_best()
    {
        var tracker = new EvaluatedWeightsTracker(screenEpisodes: 10);
        tracker.Begin(Version(1));
        Play(tracker, _ => 5);
        tracker.Begin(Version(2));

        // Lucky first ten, then poor: it is confirmed, and its 100-episode mean (5.5·10 + 4.9·90)/100 loses.
        var played = Play(tracker, e => e < 10 ? 5.5 : 4.9);
        Assert.InRange(played, 11, 100);
        Assert.Equal(1, tracker.Best!.Weights.Version);
    }

    [Fact]
    public void A_better_version_replaces_the_best_and_its_weights_are_a_copy()
    {
        var tracker = new EvaluatedWeightsTracker(screenEpisodes: 10);
        tracker.Begin(Version(1));
        Play(tracker, _ => 5);
        var better = Version(2);
        tracker.Begin(better);
        var improved = false;
        while (tracker.WantsMore)
        {
            improved |= tracker.Add(6);
        }

        Assert.True(improved);
        Assert.Equal((2L, 6.0), (tracker.Best!.Weights.Version, tracker.Best.MeanReturn));
        better.Weights[0] = 99;
        Assert.Equal(2f, tracker.Best.Weights.Weights[0]);

        // A 1-1 network without hidden layers: weight and bias, the two floats of the snapshots here.
        var checkpoint = tracker.Best.ToCheckpoint(new QNetworkSpec(1, 1, [], false));
        Assert.Equal((2L, 6.0, 100), (checkpoint.Updates, checkpoint.EvaluationMeanReturn!.Value, checkpoint.EvaluationEpisodes));
    }

    [Fact]
    public void Recording_before_a_version_began_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => new EvaluatedWeightsTracker(10).Add(1));
}
