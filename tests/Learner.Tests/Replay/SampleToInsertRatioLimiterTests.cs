using FsCheck;
using FsCheck.Fluent;
using Flock.Learner.Replay;

namespace Flock.Learner.Tests.Replay;

public sealed class SampleToInsertRatioLimiterTests
{
    [Fact]
    public void Before_the_minimum_size_sampling_is_refused_and_inserting_always_allowed()
    {
        var limiter = new SampleToInsertRatioLimiter(minSizeToSample: 100, samplesPerInsert: 0.5, errorBuffer: 0);
        Assert.False(limiter.CanSample(1));
        Assert.True(limiter.CanInsert(1_000_000));
        limiter.OnInserted(99);
        Assert.False(limiter.CanSample(0));
        Assert.True(limiter.CanInsert(int.MaxValue));
        limiter.OnInserted(1);
        Assert.True(limiter.CanSample(1));
    }

    [Fact]
    public void Sampling_and_inserting_stay_within_the_buffer_around_the_ratio()
    {
        // Two sampled transitions per inserted one, drift of at most 10.
        var limiter = new SampleToInsertRatioLimiter(minSizeToSample: 10, samplesPerInsert: 2, errorBuffer: 10);
        limiter.OnInserted(10); // 20 samples owed
        Assert.False(limiter.CanInsert(1));
        Assert.True(limiter.CanSample(30)); // 20 − 30 = −10, on the buffer's edge
        limiter.OnSampled(25); // owed −5
        Assert.False(limiter.CanSample(6)); // −11 would leave the buffer
        Assert.True(limiter.CanSample(5));
        Assert.True(limiter.CanInsert(100)); // sampling is ahead, so inserts of any size may catch up
        limiter.OnInserted(7); // owed 9
        Assert.False(limiter.CanInsert(1)); // 11 would leave the buffer
        Assert.True(limiter.CanInsert(0));
        Assert.Equal(9, limiter.SampleDebt);
        Assert.Equal(17, limiter.Inserted);
        Assert.Equal(25, limiter.Sampled);
    }

    [Fact]
    public void A_batch_larger_than_the_buffer_goes_ahead_when_the_balance_leans_its_way()
    {
        var limiter = new SampleToInsertRatioLimiter(minSizeToSample: 1, samplesPerInsert: 1, errorBuffer: 0);
        limiter.OnInserted(1);
        limiter.OnSampled(1); // balanced: owed 0
        Assert.True(limiter.CanSample(512));
        Assert.True(limiter.CanInsert(512));
        limiter.OnSampled(512); // owed −512: sampling waits for inserts
        Assert.False(limiter.CanSample(1));
        Assert.True(limiter.CanInsert(100));
        limiter.OnInserted(100); // still owed −412, inserting may go on, sampling may not
        Assert.False(limiter.CanSample(1));
        Assert.True(limiter.CanInsert(1000));
    }

    [Fact]
    public void Negative_counts_and_bad_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleToInsertRatioLimiter(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleToInsertRatioLimiter(1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleToInsertRatioLimiter(1, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleToInsertRatioLimiter(1, 1, -1));
        var limiter = new SampleToInsertRatioLimiter(1, 1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.CanSample(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.OnInserted(-1));
    }

    private sealed record Scenario(long MinSize, double Ratio, double Buffer, int MaxSample, int MaxInsert, int[] Choices)
    {
        public override string ToString() => $"min {MinSize}, ratio {Ratio}, buffer {Buffer}, batches ≤ {MaxSample}/{MaxInsert}, {Choices.Length} steps";
    }

    private static Gen<Scenario> Scenarios() =>
        from minSize in Gen.Choose(1, 200)
        from ratio in Gen.Choose(1, 64).Select(x => x / 8.0)
        from buffer in Gen.Choose(0, 100).Select(x => (double)x)
        from maxSample in Gen.Choose(1, 600)
        from maxInsert in Gen.Choose(1, 600)
        from choices in Gen.ArrayOf(Gen.Choose(0, int.MaxValue - 1), 400)
        select new Scenario(minSize, ratio, buffer, maxSample, maxInsert, choices);

    /// <summary>
    /// A sampler and an inserter with random batch sizes, each step doing one of the allowed operations:
    /// one is always allowed (no deadlock), and the balance stays within one batch of the buffer.
    /// </summary>
    [Fact]
    public void Some_operation_is_always_allowed_and_the_balance_stays_bounded()
    {
        Prop.ForAll(Scenarios().ToArbitrary(), s =>
        {
            var limiter = new SampleToInsertRatioLimiter(s.MinSize, s.Ratio, s.Buffer);
            var lowest = -Math.Max(s.Buffer, s.MaxSample);
            var highest = Math.Max(s.Buffer, (s.MinSize - 1 + s.MaxInsert) * s.Ratio);
            foreach (var choice in s.Choices)
            {
                var sampleSize = 1 + (choice % s.MaxSample);
                var insertSize = 1 + (choice / s.MaxSample % s.MaxInsert);
                var canSample = limiter.CanSample(sampleSize);
                var canInsert = limiter.CanInsert(insertSize);
                Assert.True(canSample || canInsert, $"deadlock at inserted {limiter.Inserted}, sampled {limiter.Sampled}");
                if (canSample && (!canInsert || choice % 2 == 0))
                {
                    limiter.OnSampled(sampleSize);
                }
                else
                {
                    limiter.OnInserted(insertSize);
                }

                Assert.InRange(limiter.SampleDebt, lowest, highest);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
