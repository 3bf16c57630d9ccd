using System.Runtime.CompilerServices;
using Flock.Actors.Runtime;

namespace Flock.Actors.Tests.Runtime.Support;

internal static class TestSystems
{
    /// <summary>Generous: only reached when a test fails, on noisy shared machines.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A system with a unique name (metrics are process-wide and tests run in parallel) and a recording log.</summary>
    public static ActorSystem Create(RecordingActorLog? log = null, int deadLetterLogEvery = 1000, [CallerMemberName] string test = "") =>
        new($"{test}-{Guid.NewGuid():N}", new ActorSystemOptions
        {
            Log = log ?? new RecordingActorLog(),
            DeadLetterLogEvery = deadLetterLogEvery,
            EscalationStopTimeout = Patience,
        });

    /// <summary>Supervision that restarts at once, so tests do not wait out backoffs.</summary>
    public static SupervisionOptions RestartAtOnce(int maxRestarts = 10) => new()
    {
        MinBackoff = TimeSpan.Zero,
        MaxBackoff = TimeSpan.Zero,
        JitterFraction = 0,
        MaxRestarts = maxRestarts,
    };
}
