namespace Flock.Shared.Configuration;

/// <summary>
/// The largest networks Flock trains, checked the same on both sides: by the configuration before anything is
/// allocated and by the checkpoint reader before a header is trusted, so every network a run can train is one
/// its checkpoint can be read back as.
/// </summary>
public static class NetworkLimits
{
    /// <summary>Hidden layers of an MLP.</summary>
    public const int MaxHiddenLayers = 64;

    /// <summary>Units in one hidden layer (the <c>--hidden</c> knob's bound).</summary>
    public const int MaxLayerWidth = 65536;

    /// <summary>Parameters of one network: 2^28 floats, a gibibyte per copy; a run holds about ten copies.</summary>
    public const long MaxParameters = 1L << 28;
}
