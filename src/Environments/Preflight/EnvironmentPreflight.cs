using System.Globalization;

namespace Flock.Environments;

/// <summary>
/// Checks one instance of an environment before a run starts its actors: resets it and steps it a few
/// times with the observation buffer filled with NaN first, so an environment that throws, writes past
/// its observation span, leaves entries unwritten (the NaN shows it) or returns values outside its
/// declared space fails the run at once, with a message naming the declared spaces, instead of after a
/// minute of faults.
/// </summary>
public static class EnvironmentPreflight
{
    /// <summary>Steps tried after the reset (episodes that end are reset and continued).</summary>
    public const int DefaultSteps = 32;

    /// <summary>Runs the checks; returns null when the environment passed, else what is wrong.</summary>
    public static string? Check(EnvRegistration registration, ulong seed, int steps = DefaultSteps)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 0);
        IEnvironment environment;
        try
        {
            environment = registration.Make();
        }
        catch (Exception e)
        {
            return Problem(registration, $"creating it threw {e.GetType().Name}: {e.Message}");
        }

        try
        {
            return Run(registration, environment, seed, steps);
        }
        finally
        {
            (environment as IDisposable)?.Dispose();
        }
    }

    private static string? Run(EnvRegistration registration, IEnvironment environment, ulong seed, int steps)
    {
        var space = registration.ObservationSpace;
        var observation = new float[space.Size];
        if (Call(registration, observation, "reset", () => environment.Reset(observation, seed)) is { } resetProblem)
        {
            return resetProblem;
        }

        for (var step = 1; step <= steps; step++)
        {
            var action = step % registration.ActionSpace.N;
            StepResult result = default;
            if (Call(registration, observation, $"step {step} (action {action})", () => result = environment.Step(action, observation)) is { } stepProblem)
            {
                return stepProblem;
            }

            if (!float.IsFinite(result.Reward))
            {
                return Problem(registration, $"step {step} returned the reward {result.Reward.ToString(CultureInfo.InvariantCulture)}");
            }

            if ((result.Terminated || result.Truncated)
                && Call(registration, observation, $"the reset after step {step}", () => environment.Reset(observation)) is { } again)
            {
                return again;
            }
        }

        return null;
    }

    /// <summary>Fills the buffer with NaN, makes the call, and checks what it wrote against the declared space.</summary>
    private static string? Call(EnvRegistration registration, float[] observation, string what, Action call)
    {
        Array.Fill(observation, float.NaN);
        try
        {
            call();
        }
        catch (IndexOutOfRangeException e)
        {
            return Problem(registration, $"{what} wrote past the observation span of {observation.Length} floats ({e.GetType().Name}: {e.Message})");
        }
        catch (Exception e)
        {
            return Problem(registration, $"{what} threw {e.GetType().Name}: {e.Message}");
        }

        var space = registration.ObservationSpace;
        for (var i = 0; i < observation.Length; i++)
        {
            var value = observation[i];
            if (float.IsNaN(value))
            {
                return Problem(registration, $"{what} left observation[{i}] unwritten (still the NaN it was filled with) or wrote NaN there");
            }

            if (!(value >= space.Low[i] && value <= space.High[i]))
            {
                return Problem(registration, string.Create(CultureInfo.InvariantCulture,
                    $"{what} wrote observation[{i}] = {value}, outside its declared bounds [{space.Low[i]}, {space.High[i]}]"));
            }
        }

        return null;
    }

    private static string Problem(EnvRegistration registration, string detail) =>
        $"environment '{registration.Id}' failed the pre-flight check: {detail}; declared observation space {registration.ObservationSpace}, action space {registration.ActionSpace}";
}
