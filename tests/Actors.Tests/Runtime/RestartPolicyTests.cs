using FsCheck;
using FsCheck.Fluent;
using Flock.Actors.Runtime;
using Flock.Actors.Tests.Runtime.Support;

namespace Flock.Actors.Tests.Runtime;

public sealed class RestartPolicyTests
{
    [Fact]
    public void Backoff_stays_within_its_bounds_and_grows_with_each_restart_when_unjittered()
    {
        var property = Prop.ForAll(
            Arb.From(Gen.Choose(0, 500)),
            Arb.From(Gen.Choose(0, 20_000)),
            Arb.From(Gen.Choose(1, 30)),
            (minMs, extraMs, restart) =>
            {
                var options = new SupervisionOptions
                {
                    MinBackoff = TimeSpan.FromMilliseconds(minMs),
                    MaxBackoff = TimeSpan.FromMilliseconds(minMs + extraMs),
                    BackoffMultiplier = 2,
                    JitterFraction = 0.5,
                };
                var unjittered = options with { JitterFraction = 0 };
                foreach (var unit in new[] { 0.0, 0.25, 0.5, 0.999 })
                {
                    var delay = RestartPolicy.Backoff(options, restart, unit);
                    Assert.InRange(delay, options.MinBackoff, options.MaxBackoff);
                }

                Assert.True(RestartPolicy.Backoff(unjittered, restart, 0.5) <= RestartPolicy.Backoff(unjittered, restart + 1, 0.5));
            });

        Check.One(Config.QuickThrowOnFailure, property);
    }

    [Fact]
    public void Backoff_doubles_from_the_minimum_up_to_the_maximum()
    {
        var options = new SupervisionOptions
        {
            MinBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
            JitterFraction = 0,
        };

        var delays = Enumerable.Range(1, 5).Select(n => RestartPolicy.Backoff(options, n, 0.5).TotalMilliseconds);

        Assert.Equal([100.0, 200.0, 400.0, 500.0, 500.0], delays);
    }

    [Fact]
    public void The_restart_budget_is_spent_within_a_window_and_refills_as_the_window_slides()
    {
        var clock = new ManualClock();
        var policy = new RestartPolicy(new SupervisionOptions { MaxRestarts = 3, Window = TimeSpan.FromSeconds(60) }, clock);

        Assert.NotNull(policy.OnFailure());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(policy.OnFailure());
        Assert.NotNull(policy.OnFailure());
        Assert.Null(policy.OnFailure());

        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.NotNull(policy.OnFailure());
        Assert.Null(policy.OnFailure());
    }

    [Fact]
    public void The_escalate_strategy_never_restarts()
    {
        var policy = new RestartPolicy(SupervisionOptions.EscalateImmediately, new ManualClock());

        Assert.Null(policy.OnFailure());
    }
}
