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

        // Records: one 64-byte cache line per transition (8 key + 2 × 16 observations + 4 action + 4 reward +
        // 4 discount + 1 flag = 53 bytes, padded) = 64 MB, a floor that shows the measurement sees the pinned and
        // large-object heaps. Priorities add about 6.9 MB: 4 MB float leaves, 2.29 MB double prefixes and masses,
        // 0.57 MB float minima; about 71 MB in all.
        const long Records = 64 * 1_000_000L;
        output.WriteLine($"1M transitions, obsDim 4: {allocated} bytes allocated ({allocated / 1e6:F1} MB)");
        Assert.InRange(allocated, Records, 100_000_000);
    }
}
