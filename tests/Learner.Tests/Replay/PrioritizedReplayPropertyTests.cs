using FsCheck;
using FsCheck.Fluent;
using Flock.Learner.Replay;

namespace Flock.Learner.Tests.Replay;

/// <summary>
/// Random interleavings of adds (past capacity, so with overwrites), priority updates (live, stale and
/// never-issued keys) and samples, checked after every step against <see cref="NaiveReplayModel"/>.
/// Tolerances: stored, min and max priorities must match exactly (the same float from the same formula;
/// a minimum is exact); the total, a double sum taken in tree order rather than list order, within 1e-12
/// relative, far below what a float sum (~1e-7) or a drifting delta-updated tree would give.
/// </summary>
public sealed class PrioritizedReplayPropertyTests
{
    private const int ObsDim = 3;

    private abstract record Step;

    private sealed record AddStep(float[] InitialPriorities) : Step
    {
        public override string ToString() => $"Add[{string.Join(", ", InitialPriorities)}]";
    }

    /// <summary>Keys are given as offsets back from the newest key: negative offsets name keys not issued yet.</summary>
    private sealed record UpdateStep((int OffsetFromNewest, float AbsTd)[] Updates) : Step
    {
        public override string ToString() => $"Update[{string.Join(", ", Updates)}]";
    }

    private sealed record SampleStep(int BatchSize) : Step;

    private sealed record Scenario(int Capacity, double Alpha, Step[] Steps)
    {
        public override string ToString() => $"capacity {Capacity}, α {Alpha}: {string.Join("; ", Steps.Select(s => s.ToString()))}";
    }

    private static readonly Gen<float> Priority = Gen.OneOf(
        Gen.Elements(-1f, -0.001f, 0f, 1e-9f, 1e-3f, 1f, 7.5f, 1e6f),
        Gen.Choose(0, 10_000).Select(x => x / 1000f));

    private static Gen<Scenario> Scenarios() =>
        from capacity in Gen.OneOf(Gen.Choose(1, 20), Gen.Choose(60, 140))
        from alpha in Gen.Elements(0.0, 0.37, 0.6, 1.0)
        from steps in Gen.ListOf(StepGen(capacity)).Select(l => l.ToArray())
        select new Scenario(capacity, alpha, steps);

    private static Gen<Step> StepGen(int capacity) => Gen.Frequency(
        (4, Gen.Choose(0, (2 * capacity) + 1).SelectMany(n => Gen.ArrayOf(Priority, n)).Select(p => (Step)new AddStep(p))),
        (4, Gen.ListOf(Gen.Zip(Gen.Choose(-3, (2 * capacity) + 2), Priority.Select(MathF.Abs)))
            .Select(u => (Step)new UpdateStep(u.ToArray()))),
        (1, Gen.Choose(1, 64).Select(n => (Step)new SampleStep(n))));

    [Fact]
    public void Priorities_totals_and_extremes_match_a_naive_model_after_any_sequence_of_steps()
    {
        Prop.ForAll(Scenarios().ToArbitrary(), Run).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static void Run(Scenario scenario)
    {
        const double Floor = 1e-6;
        var options = new ReplayOptions(scenario.Capacity, ObsDim, betaAnnealSamples: 1000, alpha: scenario.Alpha, priorityFloor: Floor);
        var replay = new PrioritizedReplay(options, seed: 7);
        var model = new NaiveReplayModel(scenario.Capacity, scenario.Alpha, Floor);
        var sample = new SampledBatch(64, ObsDim);
        foreach (var step in scenario.Steps)
        {
            switch (step)
            {
                case AddStep add:
                    replay.Add(KeyedTransitions.Batch(replay.InsertedCount, ObsDim, add.InitialPriorities));
                    model.Add(add.InitialPriorities);
                    break;
                case UpdateStep update:
                    var updates = update.Updates.Select(u => (Key: model.NextKey - 1 - u.OffsetFromNewest, u.AbsTd)).ToArray();
                    var staleBefore = model.Stale;
                    model.Update(updates);
                    var stale = replay.UpdatePriorities(updates.Select(u => u.Key).ToArray(), updates.Select(u => u.AbsTd).ToArray());
                    Assert.Equal(model.Stale - staleBefore, stale);
                    break;
                case SampleStep s when model.Count > 0:
                    replay.Sample(s.BatchSize, sample);
                    Assert.Equal(s.BatchSize, sample.Count);
                    var live = model.Live().Select(p => p.Key).ToHashSet();
                    Assert.All(sample.Keys.Take(sample.Count), key => Assert.Contains(key, live));
                    KeyedTransitions.AssertRowsMatchKeys(sample);
                    break;
            }

            AssertMatches(model, replay);
        }
    }

    private static void AssertMatches(NaiveReplayModel model, PrioritizedReplay replay)
    {
        Assert.Equal(model.NextKey, replay.InsertedCount);
        Assert.Equal(model.Count, replay.Count);
        Assert.Equal(model.Stale, replay.StaleUpdateCount);
        Assert.Equal(model.MaxPriority, replay.MaxPriority);
        Assert.Equal(model.Min(), replay.MinPriority);
        var total = model.Total();
        Assert.InRange(Math.Abs(replay.TotalPriority - total), 0, 1e-12 * total);
        foreach (var (key, priority) in model.Live())
        {
            Assert.True(replay.TryGetPriority(key, out var stored), $"key {key} should be stored");
            Assert.Equal(priority, stored);
        }

        var oldestLive = Math.Max(0, model.NextKey - replay.Capacity);
        for (var key = oldestLive - 3; key < oldestLive; key++)
        {
            Assert.False(replay.TryGetPriority(key, out _), $"key {key} was overwritten and must not be found");
        }

        Assert.False(replay.TryGetPriority(model.NextKey, out _), "the next key is not issued yet");
    }
}
