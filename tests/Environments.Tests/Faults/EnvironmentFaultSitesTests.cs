using System.Diagnostics;

namespace Flock.Environments.Tests.Faults;

public sealed class EnvironmentFaultSitesTests
{
    private static EnvironmentFaultException Thrown(int episode, int step)
    {
        try
        {
            Bug(step);
            throw new UnreachableException();
        }
        catch (InvalidOperationException e)
        {
            return new EnvironmentFaultException("Flaky-v0", 1, episode, step, EnvironmentFaultKind.Threw, EnvironmentFaultException.ThrewDetail(e), e);
        }
    }

    private static void Bug(int step) => throw new InvalidOperationException($"bug at step {step}");

    [Fact]
    public void The_same_bug_is_one_site_whatever_its_message_and_is_new_only_once()
    {
        var sites = new EnvironmentFaultSites();
        Assert.True(sites.Add(Thrown(0, 5)));
        Assert.False(sites.Add(Thrown(3, 17)));
        Assert.False(sites.Add(Thrown(9, 2)));
        var nan = new EnvironmentFaultException("Flaky-v0", 0, 1, 3, EnvironmentFaultKind.NonFiniteObservation, "observation[2] is NaN");
        Assert.True(sites.Add(nan));
        Assert.False(sites.Add(new EnvironmentFaultException("Flaky-v0", 2, 4, 8, EnvironmentFaultKind.NonFiniteObservation, "observation[2] is ∞")));

        Assert.Equal(5, sites.Total);
        Assert.Contains("episode 0, step 5", sites.First!.Message, StringComparison.Ordinal);
        Assert.Equal([3L, 2L], sites.Sites.Select(s => s.Count));
    }

    [Fact]
    public void Counting_from_many_threads_loses_nothing()
    {
        var sites = new EnvironmentFaultSites();
        var fault = Thrown(0, 1);
        var newOnes = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (sites.Add(fault))
            {
                Interlocked.Increment(ref newOnes);
            }
        });
        Assert.Equal(10_000, sites.Total);
        Assert.Equal(1, newOnes);
        Assert.Equal(10_000, Assert.Single(sites.Sites).Count);
    }
}
