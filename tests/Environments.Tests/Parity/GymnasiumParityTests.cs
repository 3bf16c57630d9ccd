using System.Globalization;
using System.Text;

namespace Flock.Environments.Tests.Parity;

/// <summary>
/// Replays every recorded Gymnasium trajectory, in every file of the reference directory, through Flock's
/// environment of the same id wrapped in its time limit, and compares each step: observation (within 1e-5),
/// reward, terminated, truncated, and the float64 state.
/// </summary>
/// <remarks>
/// Two replays of every trajectory. Free-running (the contract): set the recorded initial state once, replay
/// all actions, and every observation must stay within 1e-5, with rewards and flags exact. Re-synced (a tighter
/// check of the dynamics): after each step the float64 state must match Gymnasium's to 1e-10 (about a thousand
/// ulps), then the recorded state is set, so that numpy's vectorised sin/cos (an ulp or two away from the C
/// library's) cannot accumulate through Acrobot's chaotic dynamics and hide or fake a difference.
/// </remarks>
public sealed class GymnasiumParityTests
{
    private const double ObservationTolerance = 1e-5;
    private const double StateTolerance = 1e-10;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_reference_trajectory_is_reproduced_step_for_step(bool resyncEachStep)
    {
        var (directory, problem) = GymnasiumReferenceDirectory.Locate();
        Assert.True(directory is not null, problem);

        var files = Directory.GetFiles(directory!, "*.json").Order(StringComparer.Ordinal).ToList();
        var replayedIds = new HashSet<string>();
        var mismatches = new StringBuilder();
        var trajectories = 0;
        foreach (var path in files)
        {
            var file = ReferenceFile.Read(path);
            replayedIds.Add(file.EnvId);
            Assert.True(file.Trajectories.Count > 0, $"{path} has no trajectories.");
            foreach (var trajectory in file.Trajectories)
            {
                trajectories++;
                if (Replay(file, trajectory, resyncEachStep) is { } mismatch)
                {
                    mismatches.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {mismatch}");
                }
            }
        }

        Assert.True(mismatches.Length == 0, $"Mismatches (first per trajectory, {trajectories} trajectories):\n{mismatches}");

        // Deleting a file must not make the check pass by doing less.
        string[] gymnasiumPorts = [BuiltInEnvironments.CartPole, BuiltInEnvironments.MountainCar, BuiltInEnvironments.Acrobot];
        var missing = gymnasiumPorts.Where(id => !replayedIds.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"No reference file in {directory} for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Registrations_of_the_ported_environments_match_the_reference_time_limits()
    {
        var (directory, problem) = GymnasiumReferenceDirectory.Locate();
        Assert.True(directory is not null, problem);
        var registry = EnvRegistry.CreateWithBuiltIns();
        foreach (var path in Directory.GetFiles(directory!, "*.json"))
        {
            var file = ReferenceFile.Read(path);
            Assert.Equal(file.MaxEpisodeSteps, registry.Get(file.EnvId).MaxEpisodeSteps);
        }
    }

    /// <summary>The first difference, described with env, seed, step and values; null when all steps match.</summary>
    private static string? Replay(ReferenceFile file, ReferenceTrajectory trajectory, bool resyncEachStep)
    {
        var registry = EnvRegistry.CreateWithBuiltIns();
        if (!registry.TryGet(file.EnvId, out var registration))
        {
            return $"no Flock environment is registered as '{file.EnvId}'";
        }

        var environment = registration.Make();
        if (EnvironmentWrapper.Unwrap(environment) is not IStatefulEnvironment stateful)
        {
            return $"'{file.EnvId}' does not expose its state ({nameof(IStatefulEnvironment)})";
        }

        var label = $"{file.EnvId} seed {trajectory.Seed} ({trajectory.Policy}, {(resyncEachStep ? "re-synced" : "free-running")})";
        var observation = new float[registration.ObservationSpace.Size];
        environment.Reset(observation, (ulong)trajectory.Seed);
        stateful.SetState(trajectory.InitialState);
        stateful.Observe(observation);
        if (CompareObservation(observation, trajectory.InitialObservation) is { } initialMismatch)
        {
            return $"{label} initial observation: {initialMismatch}";
        }

        for (var t = 0; t < trajectory.Actions.Length; t++)
        {
            var result = environment.Step(trajectory.Actions[t], observation);
            var at = $"{label} step {t + 1} (action {trajectory.Actions[t]})";
            if (CompareObservation(observation, trajectory.Observations[t]) is { } mismatch)
            {
                return $"{at}: {mismatch}";
            }

            if (result.Reward != trajectory.Rewards[t])
            {
                return $"{at}: reward expected {trajectory.Rewards[t]}, got {result.Reward}";
            }

            if (result.Terminated != trajectory.Terminated[t] || result.Truncated != trajectory.Truncated[t])
            {
                return $"{at}: terminated/truncated expected {trajectory.Terminated[t]}/{trajectory.Truncated[t]}, " +
                    $"got {result.Terminated}/{result.Truncated}";
            }

            if (!resyncEachStep)
            {
                continue;
            }

            if (CompareState(stateful.State, trajectory.States[t]) is { } stateMismatch)
            {
                return $"{at}: {stateMismatch}";
            }

            stateful.SetState(trajectory.States[t]);
        }

        return null;
    }

    private static string? CompareState(ReadOnlySpan<double> actual, double[] expected)
    {
        if (actual.Length != expected.Length)
        {
            return $"state has {actual.Length} elements, expected {expected.Length}";
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= StateTolerance))
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"state[{i}] expected {expected[i]:R}, got {actual[i]:R} (|error| {error:E2} > {StateTolerance:E0})");
            }
        }

        return null;
    }

    private static string? CompareObservation(ReadOnlySpan<float> actual, double[] expected)
    {
        if (actual.Length != expected.Length)
        {
            return $"observation has {actual.Length} elements, expected {expected.Length}";
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= ObservationTolerance))
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"observation[{i}] expected {expected[i]:R}, got {(double)actual[i]:R} (|error| {error:E2} > {ObservationTolerance:E0})");
            }
        }

        return null;
    }
}
