using FsCheck;
using FsCheck.Fluent;
using Flock.Actors.Roles;

namespace Flock.Actors.Tests.Roles;

public sealed class EnvStepBudgetTests
{
    [Fact]
    public void Claims_go_ahead_until_the_budget_is_spent_and_the_last_one_taken_signals_once()
    {
        var signals = 0;
        var budget = new EnvStepBudget(20, () => signals++);
        Assert.True(Step(budget, 8));
        Assert.True(Step(budget, 8));
        Assert.Equal(0, signals);
        Assert.True(budget.TryClaim(8));    // 4 steps were left: this vector step still runs, and spends the budget
        Assert.False(budget.TryClaim(8));
        Assert.Equal(0, signals);           // not before its steps were really taken
        budget.Taken(8);
        Assert.Equal(1, signals);
        Assert.False(budget.TryClaim(1));
        Assert.Equal(24, budget.TakenSteps);
    }

    /// <summary>What an actor does: claim a vector step, take it, report it taken.</summary>
    private static bool Step(EnvStepBudget budget, int k)
    {
        if (!budget.TryClaim(k))
        {
            return false;
        }

        budget.Taken(k);
        return true;
    }

    [Fact]
    public void A_last_claim_that_faults_is_given_back_and_claimed_again_before_the_run_is_told()
    {
        var signals = 0;
        var budget = new EnvStepBudget(8, () => signals++);
        Assert.True(Step(budget, 4));
        Assert.True(budget.TryClaim(4));    // the last of the budget...
        Assert.False(budget.TryClaim(4));   // ...so another actor is refused
        budget.Return(4);                   // that vector step faulted: no steps were taken
        Assert.Equal(0, signals);
        Assert.True(Step(budget, 4));       // the restarted actor takes them
        Assert.Equal(1, signals);
        Assert.False(budget.TryClaim(4));
    }

    [Fact]
    public void A_hold_pauses_the_claims_below_the_budget_tells_its_owner_once_and_moving_it_on_resumes_them()
    {
        var spent = 0;
        var held = new List<long>();
        var budget = new EnvStepBudget(30, () => spent++);
        budget.HoldAt(10, (_, at) => held.Add(at));

        Assert.True(Step(budget, 4));
        Assert.True(Step(budget, 4));
        Assert.True(Step(budget, 4));       // 2 were left below the hold: this vector step still runs
        Assert.False(budget.TryClaim(4));
        Assert.False(budget.HasRoom);
        Assert.Equal([10L], held);

        budget.HoldAt(20, (_, at) => held.Add(at));
        Assert.True(budget.HasRoom);
        Assert.True(Step(budget, 4));
        Assert.True(Step(budget, 4));       // 12 + 8 = 20: the second hold
        Assert.False(budget.TryClaim(4));
        Assert.Equal([10L, 20L], held);
        Assert.Equal(0, spent);

        budget.HoldAt(100, (_, at) => held.Add(at));   // at or beyond the budget: no hold, the run ends at 30
        Assert.True(Step(budget, 4));
        Assert.True(Step(budget, 4));
        Assert.True(Step(budget, 4));
        Assert.False(budget.TryClaim(4));
        Assert.Equal(1, spent);
        Assert.Equal([10L, 20L], held);
    }

    [Fact]
    public void A_budget_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnvStepBudget(0, () => { }));

    /// <summary>
    /// Actors on their own threads: the steps granted cover the budget and overshoot it by less than one
    /// vector step in all (a claim only goes ahead while some budget is left, and takes at most k).
    /// </summary>
    [Fact]
    public void Concurrent_actors_take_at_least_the_budget_and_less_than_one_vector_step_beyond_it() =>
        Prop.ForAll(
            Gen.Choose(1, 5000).ToArbitrary(),
            Gen.Choose(1, 6).ToArbitrary(),
            Gen.Choose(1, 64).ToArbitrary(),
            (steps, actors, k) =>
            {
                var signals = 0;
                var budget = new EnvStepBudget(steps, () => Interlocked.Increment(ref signals));
                var granted = new long[actors];
                Parallel.For(0, actors, new ParallelOptions { MaxDegreeOfParallelism = actors }, a =>
                {
                    while (Step(budget, k))
                    {
                        granted[a] += k;
                    }
                });
                var total = granted.Sum();
                return total >= steps && total < steps + k && signals == 1 && budget.TakenSteps == total;
            }).QuickCheckThrowOnFailure();
}
