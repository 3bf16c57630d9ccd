namespace Flock.Shared.Messages;

/// <summary>
/// One piece of an encoded <see cref="WeightSnapshot"/>, split so that no network message has to carry a whole
/// network: the receiver concatenates pieces 0..Count-1 of one Version and decodes the result as a snapshot.
/// </summary>
/// <param name="Version">Weights version of the snapshot the piece belongs to.</param>
/// <param name="Index">Position of the piece, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">Pieces the snapshot was split into.</param>
/// <param name="Bytes">The piece's bytes.</param>
public sealed record WeightsChunk(long Version, int Index, int Count, byte[] Bytes);
