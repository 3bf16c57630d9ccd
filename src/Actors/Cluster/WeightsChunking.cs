using System.Buffers;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Cluster;

/// <summary>
/// Weight snapshots cross the network in pieces: the encoded snapshot is cut into
/// <see cref="ChunkBytes"/> chunks. Measured here, one 270 KB message through Akka.Remote had a p99 of
/// 56–110 ms and held up every batch behind it; 8 × 34 KB pieces had 24–35 ms while a node streamed
/// batches. Pieces also keep every message far below Akka.Remote's frame size.
/// </summary>
public static class WeightsChunking
{
    /// <summary>Bytes of snapshot per chunk.</summary>
    public const int ChunkBytes = 32 * 1024;

    /// <summary>Encodes <paramref name="snapshot"/> once and cuts it into chunks (each a copy: Akka.Remote serializes them later, on its own threads).</summary>
    public static WeightsChunk[] Split(WeightSnapshot snapshot, ArrayBufferWriter<byte> scratch)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(scratch);
        scratch.ResetWrittenCount();
        WireCodec.Encode(snapshot, scratch);
        var bytes = scratch.WrittenSpan;
        var count = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        var chunks = new WeightsChunk[count];
        for (var i = 0; i < count; i++)
        {
            var piece = bytes.Slice(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes)));
            chunks[i] = new WeightsChunk(snapshot.Version, i, count, piece.ToArray());
        }

        return chunks;
    }
}

/// <summary>
/// An actor node's side of <see cref="WeightsChunking"/>: collects the chunks of the newest version and
/// gives the snapshot once all are there. A chunk of an older version than the one being collected is
/// stale and ignored; a newer version abandons an incomplete one (counted: nodes want only the newest).
/// Decoding reuses the previous snapshot's arrays only when told it is free (no actor acts with it).
/// </summary>
public sealed class WeightsAssembler(WireLimits limits)
{
    private readonly ArrayBufferWriter<byte> _bytes = new();
    private long _version = -1;
    private int _expected;
    private int _next;

    /// <summary>Newest version completed so far; −1 before the first.</summary>
    public long Completed { get; private set; } = -1;

    /// <summary>Incomplete versions given up for a newer one.</summary>
    public long Abandoned { get; private set; }

    /// <summary>
    /// Adds a chunk; returns the snapshot when it was the last one of its version. Chunks of one version
    /// arrive in order (one sender, one connection); one out of order abandons the version. A chunk that
    /// completes a snapshot that does not decode throws <see cref="WireFormatException"/>.
    /// </summary>
    public WeightSnapshot? Add(WeightsChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        // Stale, or the rest of a version already given up after a gap.
        if (chunk.Version <= Completed || chunk.Version < _version || (chunk.Version == _version && _next < 0))
        {
            return null;
        }

        if (chunk.Version > _version)
        {
            if (_version > Completed && _next > 0)
            {
                Abandoned++;
            }

            _version = chunk.Version;
            _expected = chunk.Count;
            _next = 0;
            _bytes.ResetWrittenCount();
        }

        if (chunk.Index != _next || chunk.Count != _expected)
        {
            // A gap: this version cannot complete. Wait for the next one.
            Abandoned++;
            _next = -1;
            return null;
        }

        _bytes.Write(chunk.Bytes);
        _next++;
        if (_next < _expected)
        {
            return null;
        }

        var snapshot = WireCodec.DecodeWeightSnapshot(_bytes.WrittenSpan, limits);
        if (snapshot.Version != chunk.Version)
        {
            throw new WireFormatException("WeightsChunk.Version", chunk.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), $"the assembled snapshot says version {snapshot.Version}");
        }

        Completed = chunk.Version;
        _next = 0;
        return snapshot;
    }
}
