using Flock.Actors.Roles;
using Flock.Learner.Checkpoints;
using Flock.Shared.Messages;

namespace Flock.Actors.Tests.Roles;

/// <summary>A resumed run's tally carries on from the checkpoint's progress rather than starting again.</summary>
public sealed class RunTallyContinueTests
{
    private static readonly RunProgress Before = new()
    {
        EnvSteps = 50_000,
        TrainEpisodes = 700,
        EvalEpisodes = 150,
        EnvErrors = 3,
        WeightBroadcasts = 40,
        TransitionsInserted = 60_000,
        ElapsedSeconds = 30,
        SolvedAtSeconds = 25,
        SolvedAtEnvSteps = 42_000,
        EvalWindow = Enumerable.Repeat(480.0, 100).ToArray(),
    };

    [Fact]
    public void Counters_the_eval_window_and_the_moment_of_solving_continue()
    {
        var tally = new RunTally();
        tally.Continue(Before);

        // Solved already: the coordinator checks SolvedAtSeconds is null before announcing, so no second "solved" line.
        Assert.Equal(25, tally.SolvedAtSeconds);
        Assert.Equal(42_000, tally.SolvedAtEnvSteps);
        Assert.True(tally.EvalWindowFull);
        Assert.Equal(480, tally.EvalMeanReturn100);

        tally.Actors[0] = new ActorStats(0, EnvSteps: 1_000, Episodes: 10, MeanEpisodeReturn: 20, Epsilon: 0.4, WeightsVersion: 1, EnvErrors: 1);
        tally.AddEvalEpisode(380);
        Assert.Equal(51_000, tally.EnvSteps);
        Assert.Equal(710, tally.TrainEpisodes);
        Assert.Equal(4, tally.EnvErrors);
        Assert.Equal(151, tally.EvalEpisodes);
        Assert.Equal(479, tally.EvalMeanReturn100);

        tally.Broadcasts = 5;
        var saved = tally.ProgressAt(40, 61_000, 9_000);
        Assert.Equal(45, saved.WeightBroadcasts);
        Assert.Equal(51_000, saved.EnvSteps);
        Assert.Equal(100, saved.EvalWindow.Count);
        Assert.Equal(380, saved.EvalWindow[^1]);
    }
}
