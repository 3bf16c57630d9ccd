using FsCheck;
using FsCheck.Fluent;

namespace Flock.Environments.Tests.Faults;

public sealed class EnvironmentFaultPolicyTests
{
    [Fact]
    public void A_rare_fault_is_ridden_out_for_ever()
    {
        var policy = new EnvironmentFaultPolicy();
        for (var i = 0; i < 10_000; i++)
        {
            // One fault in 5,000 steps, 16 environments a vector step: far below 1%.
            Assert.False(policy.Record(16, i % 312 == 0 ? 1 : 0));
        }

        Assert.Equal(160_000, policy.Steps);
        Assert.Equal(33, policy.Faults);
    }

    [Fact]
    public void More_than_one_percent_of_the_last_ten_thousand_steps_gives_up_and_says_so()
    {
        var policy = new EnvironmentFaultPolicy();
        Assert.Equal(100, policy.MaxFaults);
        var gaveUpAt = -1L;
        for (var i = 0; i < 10_000 && gaveUpAt < 0; i++)
        {
            // Every 50th step faults: 2%.
            if (policy.Record(1, i % 50 == 49 ? 1 : 0))
            {
                gaveUpAt = policy.Steps;
            }
        }

        // The 101st fault, at step 5,050, is the first with 101 faults inside 10,000 steps.
        Assert.Equal(5_050, gaveUpAt);
        var message = policy.GiveUpMessage("Flaky-v0", "env-1", "Environment 'Flaky-v0' (vector index 3) faulted at episode 2, step 17: it threw X");
        Assert.Contains("Flaky-v0", message, StringComparison.Ordinal);
        Assert.Contains("env-1", message, StringComparison.Ordinal);
        Assert.Contains("more than 100 times within 10,000 env steps", message, StringComparison.Ordinal);
        Assert.Contains("101 faults in 5,050 steps", message, StringComparison.Ordinal);
        Assert.Contains("episode 2, step 17", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_spread_wider_than_the_window_never_add_up()
    {
        var policy = new EnvironmentFaultPolicy(window: 100, maxShare: 0.02);
        for (var i = 0; i < 1_000; i++)
        {
            // Two faults every 100 steps: exactly the share allowed, never more.
            Assert.False(policy.Record(50, 1));
        }
    }

    /// <summary>
    /// Against the definition: it gives up exactly when, at some moment, more than MaxFaults faults lie within the
    /// last Window steps (all faults of one record sit at that record's last step).
    /// </summary>
    [Fact]
    public void Gives_up_exactly_when_some_window_holds_too_many_faults()
    {
        var records = Gen.Choose(0, 40).SelectMany(steps => Gen.Choose(0, Math.Max(steps, 1)).Select(faults => (Steps: steps, Faults: faults)));
        var scenarios = Gen.Choose(1, 60).SelectMany(window => Gen.Choose(0, 20).SelectMany(share =>
            records.ArrayOf().Select(r => (Window: window, Share: share / 100.0, Records: r))));
        Prop.ForAll(scenarios.ToArbitrary(), scenario =>
        {
            var policy = new EnvironmentFaultPolicy(scenario.Window, scenario.Share);
            var positions = new List<long>();
            long steps = 0;
            var expected = false;
            foreach (var (s, f) in scenario.Records)
            {
                steps += s;
                positions.AddRange(Enumerable.Repeat(steps, f));
                expected |= positions.Count > policy.MaxFaults && Enumerable.Range(0, positions.Count - policy.MaxFaults)
                    .Any(i => positions[i + policy.MaxFaults] - positions[i] < scenario.Window);
                Assert.Equal(expected, policy.Record(s, f));
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnvironmentFaultPolicy(window: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnvironmentFaultPolicy(maxShare: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnvironmentFaultPolicy().Record(1, 2));
    }
}
