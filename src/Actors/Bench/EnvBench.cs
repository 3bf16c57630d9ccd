using System.Diagnostics;
using System.Globalization;
using Flock.Environments;

namespace Flock.Actors.Bench;

/// <summary>
/// Environment stepping speed on one thread, for every built-in environment: <c>&lt;id&gt;.raw</c> calls
/// <see cref="IEnvironment.Step"/> on one environment as the registry makes it (time limit included),
/// resetting when an episode ends; <c>&lt;id&gt;.vector64</c> steps a <see cref="VectorEnv"/> of 64 and counts
/// environment steps (64 per call), auto-reset included. Actions come from a precomputed random table so
/// choosing them costs next to nothing. Values are steps per second (double).
/// </summary>
public static class EnvBench
{
    private const int VectorWidth = 64;

    // A power of two, so the next action is an index mask away; 4096 steps per timing check.
    private const int ActionTableLength = 4096;
    private const ulong Seed = 20_240_601;

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Seconds);
        var results = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var registry = EnvRegistry.CreateWithBuiltIns();
        foreach (var registration in registry.Registrations)
        {
            var actions = ActionTable(registration.ActionSpace.N);
            Record(results, options, $"{registration.Id}.raw", MeasureRaw(registration, actions, options.Seconds));
            Record(results, options, $"{registration.Id}.vector{VectorWidth}", MeasureVector(registration, actions, options.Seconds));
        }

        return results;
    }

    private static double MeasureRaw(EnvRegistration registration, int[] actions, double seconds)
    {
        var environment = registration.Make();
        var observation = new float[registration.ObservationSpace.Size];
        environment.Reset(observation, Seed);
        return Measure(seconds, () =>
        {
            RawChunk(environment, observation, actions);
            return ActionTableLength;
        });
    }

    private static double MeasureVector(EnvRegistration registration, int[] actions, double seconds)
    {
        using var vector = registration.MakeVector(VectorWidth);
        vector.Reset(Seed);
        return Measure(seconds, () =>
        {
            VectorChunk(vector, actions);
            return ActionTableLength;
        });
    }

    /// <summary>One pass over the action table; kept as its own method so tiered JIT optimises it early.</summary>
    private static void RawChunk(IEnvironment environment, float[] observation, int[] actions)
    {
        foreach (var action in actions)
        {
            if (environment.Step(action, observation).Done)
            {
                environment.Reset(observation);
            }
        }
    }

    private static void VectorChunk(VectorEnv vector, int[] actions)
    {
        for (var offset = 0; offset < actions.Length; offset += VectorWidth)
        {
            vector.Step(actions.AsSpan(offset, VectorWidth));
        }
    }

    /// <summary>Warms up, then runs <paramref name="chunk"/> (which returns the steps it took) for <paramref name="seconds"/>.</summary>
    private static double Measure(double seconds, Func<int> chunk)
    {
        // Long enough for tiered compilation to swap in optimised code, short enough for quick test runs.
        var warmUp = Math.Min(seconds, 0.5);
        RunFor(warmUp, chunk);
        var (steps, elapsed) = RunFor(seconds, chunk);
        return steps / elapsed.TotalSeconds;
    }

    private static (long Steps, TimeSpan Elapsed) RunFor(double seconds, Func<int> chunk)
    {
        var budget = TimeSpan.FromSeconds(seconds);
        var stopwatch = Stopwatch.StartNew();
        long steps = 0;
        do
        {
            steps += chunk();
        }
        while (stopwatch.Elapsed < budget);

        return (steps, stopwatch.Elapsed);
    }

    private static int[] ActionTable(int actionCount)
    {
        var random = new FlockRandom(Seed);
        var actions = new int[ActionTableLength];
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i] = random.NextInt(actionCount);
        }

        return actions;
    }

    private static void Record(SortedDictionary<string, object> results, BenchOptions options, string key, double stepsPerSecond)
    {
        results[key] = stepsPerSecond;
        options.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"env {key}: {stepsPerSecond / 1e6:F2} M steps/s"));
    }
}
