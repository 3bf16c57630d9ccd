using System.Buffers.Binary;
using Flock.Learner.Checkpoints;
using Flock.Learner.Networks;

namespace Flock.Learner.Tests.Checkpoints;

/// <summary>A version-2 checkpoint of an MLP rewritten as version 1 wrote it: no convolution count, no run progress and no evaluation.</summary>
internal static class Version1Checkpoint
{
    /// <param name="v2">A version-2 file whose progress is none (an empty evaluation window).</param>
    /// <param name="spec">Its network.</param>
    public static byte[] From(byte[] v2, QNetworkSpec spec)
    {
        // An MLP's header: magic 8, version 4, spec 13 + 4 per hidden layer, then version 2's convolution count 4
        // (zero), shapes 4 + 8 each and counters 24.
        var specEnd = 8 + 4 + 13 + (4 * spec.HiddenSizes.Count);
        var countersEnd = specEnd + 4 + 4 + (8 * spec.CreateLayout().Shapes.Count) + 24;

        // Progress of an empty window: seven i64 counters, f64 elapsed, u8 solved, f64 + i64 solved at, i32 count;
        // then the evaluation: f64 mean, i32 episodes.
        const int Version2Only = (7 * 8) + 8 + 1 + 8 + 8 + 4 + 8 + 4;
        var body = v2[..specEnd].Concat(v2[(specEnd + 4)..countersEnd]).Concat(v2[(countersEnd + Version2Only)..^4]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), DqnCheckpoint.FormatVersionWithoutProgress);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Compute(body));
        return [.. body, .. crc];
    }
}
