namespace Flock.Shared.Messages;

/// <summary>
/// How observations are held in a <see cref="TransitionBatch"/>, in the replay and on the wire. A MinAtar board
/// is all 0/1 cells, so it travels and is stored as one byte per cell, a quarter of its floats; it is widened to
/// floats only where a network reads it. The numeric values are the wire's, never to be renumbered.
/// </summary>
public enum ObservationEncoding
{
    /// <summary>One float32 per element: any observation (CartPole's state, normalised features).</summary>
    Float32 = 0,

    /// <summary>
    /// One byte per element: the observations of a binary <c>Box</c> (a MinAtar board). The wire takes any byte;
    /// the replay, which knows the space, refuses a value outside it (anything but 0 and 1 for a board).
    /// </summary>
    UInt8 = 1,
}
