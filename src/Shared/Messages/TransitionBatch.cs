using System.Diagnostics;

namespace Flock.Shared.Messages;

/// <summary>
/// A batch of n-step transitions from one environment actor, stored as structure of arrays so that a
/// batch is a handful of arrays, never one object per transition. Arrays may be longer than
/// <see cref="Count"/> (pooled buffers); only the first <see cref="Count"/> rows are meaningful.
/// Row i of <see cref="Observations"/> is <c>Observations[i*ObsDim .. (i+1)*ObsDim]</c>.
/// Observations are held as <see cref="Encoding"/> says: <see cref="ObservationEncoding.Float32"/> in
/// <see cref="Observations"/> and <see cref="NextObservations"/>, <see cref="ObservationEncoding.UInt8"/> (0/1
/// boards) in <see cref="ObservationBytes"/> and <see cref="NextObservationBytes"/>, one byte per element, with
/// the float arrays then empty: a 512-transition Seaquest batch is 1 MB of bytes rather than 4 MB of floats.
/// </summary>
/// <param name="SourceActor">Global id of the environment actor that produced the batch.</param>
/// <param name="WeightsVersion">Version of the network weights the actor acted with.</param>
/// <param name="Count">Number of transitions in the batch.</param>
/// <param name="ObsDim">Number of elements in one observation.</param>
/// <param name="Observations">Count × ObsDim observations s_t, when <see cref="Encoding"/> is Float32.</param>
/// <param name="Actions">Count actions a_t.</param>
/// <param name="Rewards">Count discounted n-step returns r_t + γ r_{t+1} + … (up to n terms).</param>
/// <param name="NextObservations">Count × ObsDim observations s_{t+k} to bootstrap from, when <see cref="Encoding"/> is Float32.</param>
/// <param name="Discounts">Count bootstrap factors γ^k, k the number of steps actually summed.</param>
/// <param name="Terminated">Count flags: true when the episode terminated (not truncated) within the k steps, so no bootstrap.</param>
/// <param name="InitialPriorities">Count initial priorities computed by the actor (Ape-X); negative means "use the replay's max".</param>
/// <param name="Trace">Trace context of the span that produced the batch; default when tracing is off.</param>
public sealed record TransitionBatch(
    int SourceActor,
    long WeightsVersion,
    int Count,
    int ObsDim,
    float[] Observations,
    int[] Actions,
    float[] Rewards,
    float[] NextObservations,
    float[] Discounts,
    bool[] Terminated,
    float[] InitialPriorities,
    ActivityContext Trace = default)
{
    /// <summary>How the observations are held; Float32 unless set.</summary>
    public ObservationEncoding Encoding { get; init; }

    /// <summary>Count × ObsDim observations s_t, one byte each, when <see cref="Encoding"/> is UInt8; else empty.</summary>
    public byte[] ObservationBytes { get; init; } = [];

    /// <summary>Count × ObsDim observations s_{t+k}, one byte each, when <see cref="Encoding"/> is UInt8; else empty.</summary>
    public byte[] NextObservationBytes { get; init; } = [];

    /// <summary>
    /// Allocates a batch with room for <paramref name="capacity"/> transitions and Count 0, its observation
    /// arrays those of <paramref name="encoding"/>.
    /// </summary>
    public static TransitionBatch Allocate(int sourceActor, int capacity, int obsDim, ObservationEncoding encoding = ObservationEncoding.Float32)
    {
        var floats = encoding == ObservationEncoding.Float32 ? capacity * obsDim : 0;
        var bytes = encoding == ObservationEncoding.UInt8 ? capacity * obsDim : 0;
        return new(
            sourceActor, 0, 0, obsDim,
            new float[floats], new int[capacity], new float[capacity],
            new float[floats], new float[capacity], new bool[capacity], new float[capacity])
        {
            Encoding = encoding,
            ObservationBytes = new byte[bytes],
            NextObservationBytes = new byte[bytes],
        };
    }

    /// <summary>How many transitions the arrays can hold.</summary>
    public int Capacity => Actions.Length;

    /// <summary>Elements the observation arrays of <see cref="Encoding"/> hold (each of the two).</summary>
    public int ObservationCapacity => Encoding == ObservationEncoding.UInt8
        ? Math.Min(ObservationBytes.Length, NextObservationBytes.Length)
        : Math.Min(Observations.Length, NextObservations.Length);
}
