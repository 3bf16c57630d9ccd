using Flock.Learner.Replay;
using Xunit.Abstractions;

namespace Flock.Learner.Tests.Replay;

public sealed class ReplayMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void A_million_CartPole_transitions_fit_in_100_MB()
    {
        var options = new ReplayOptions(capacity: 1_000_000, obsDim: 4, betaAnnealSamples: 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var replay = new PrioritizedReplay(options, seed: 1);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(replay);

        // Columns: 2 × 16 MB observations + 3 × 4 MB (actions, rewards, discounts) + 1 MB flags + 8 MB keys = 53 MB,
        // a floor that shows the measurement sees the large-object heap. Priorities add 6.86 MB: 4 MB float leaves,
        // 2.29 MB double masses and prefixes, 0.57 MB float minima; 59.86 MB in all.
        const long Columns = (2 * 16_000_000L) + (3 * 4_000_000L) + 1_000_000L + 8_000_000L;
        output.WriteLine($"1M transitions, obsDim 4: {allocated} bytes allocated ({allocated / 1e6:F1} MB)");
        Assert.InRange(allocated, Columns, 100_000_000);
    }
}
