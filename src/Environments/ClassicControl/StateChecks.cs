namespace Flock.Environments;

/// <summary>Argument checks shared by the built-in environments.</summary>
internal static class StateChecks
{
    public static void RequireLength(ReadOnlySpan<double> state, int length, string envName)
    {
        if (state.Length != length)
        {
            throw new ArgumentException($"{envName} state has {length} elements, got {state.Length}.", nameof(state));
        }
    }

    public static void RequireObservationRoom(Span<float> observation, int size)
    {
        if (observation.Length < size)
        {
            throw new ArgumentException($"The observation span needs {size} floats, got {observation.Length}.", nameof(observation));
        }
    }
}
