using Flock.Actors.Local;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Pipeline;

public sealed class EnvironmentFaultTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flock-fault-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>CartPole whose reward turns NaN once, at the 200th step of whichever instance gets there first.</summary>
    private sealed class PoisonedOnce(IEnvironment inner, Func<bool> claimFault) : IEnvironment
    {
        private int _steps;

        public Box ObservationSpace => inner.ObservationSpace;

        public Discrete ActionSpace => inner.ActionSpace;

        public void Reset(Span<float> observation, ulong? seed = null) => inner.Reset(observation, seed);

        public StepResult Step(int action, Span<float> observation)
        {
            var result = inner.Step(action, observation);
            return ++_steps == 200 && claimFault() ? result with { Reward = float.NaN } : result;
        }
    }

    [Fact]
    public async Task A_NaN_from_one_environment_resets_only_that_environment_and_the_run_goes_on()
    {
        var faulted = 0;
        var cartPole = EnvRegistry.Default.Get("CartPole-v1");
        var registration = new EnvRegistration("Poisoned-v0", () => new PoisonedOnce(cartPole.CreateRaw(), () => Interlocked.Exchange(ref faulted, 1) == 0), cartPole.SolveThreshold, cartPole.MaxEpisodeSteps);
        // Bounded by env steps with a tight samples-per-insert slack, so the outcome does not depend on machine speed.
        var config = new RunConfig { Env = "Poisoned-v0", Actors = 2, EnvsPerActor = 4, MaxEnvSteps = 30_000, SamplesPerInsertTolerance = 2_000, Out = Path.Combine(_root, "run") };
        var log = new StringWriter();
        var summary = await LocalRun.RunAsync(config, registration, RunDirectory.Create(config, DateTime.UtcNow), ProgressView.Silent(), TextWriter.Synchronized(log), CancellationToken.None);

        var text = log.ToString();
        Assert.Equal(1, summary.EnvErrors);
        Assert.Equal("max-env-steps", summary.StopReason);
        Assert.Null(summary.Error);
        Assert.True(summary.Updates > 500 && summary.EnvSteps >= 30_000, $"updates {summary.Updates}, env steps {summary.EnvSteps}: " + text);

        // Logged once with the env id, who stepped it (an env actor or the evaluator) and the step; no actor
        // restarted, only the environment was reset.
        var fault = Assert.Single(text.Split('\n'), line => line.StartsWith("flockrl: [", StringComparison.Ordinal) && line.Contains("faulted at", StringComparison.Ordinal));
        Assert.Contains("Poisoned-v0", fault, StringComparison.Ordinal);
        Assert.Matches(@"faulted at episode \d+, step \d+: reward is NaN", fault);
        Assert.Matches(@"\[(env-[01]|evaluator)\]", fault);
        Assert.DoesNotContain("restart #", text, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(summary.EnvErrorSites).Count);
    }
}
