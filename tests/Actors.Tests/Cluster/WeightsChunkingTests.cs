using System.Buffers;
using System.Runtime.InteropServices;
using Flock.Actors.Cluster;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Actors.Tests.Cluster;

/// <summary>Weight snapshots cut into chunks and put together again on a node: exact, newest only, and never anything but a sent version.</summary>
public sealed class WeightsChunkingTests
{
    [Fact]
    public void A_tiny_net_is_one_chunk_and_comes_back_bit_exact()
    {
        var snapshot = Snapshot(3, [new(4, 2), new(1, 2)], seed: 1);
        var chunks = Split(snapshot);

        var chunk = Assert.Single(chunks);
        Assert.Equal((3L, 0, 1), (chunk.Version, chunk.Index, chunk.Count));
        var assembler = new WeightsAssembler(WireLimits.Default);
        AssertExact(snapshot, assembler.Add(chunk));
        Assert.Equal((3L, 0L), (assembler.Completed, assembler.Abandoned));
    }

    [Fact]
    public void A_4_1024_1024_2_mlp_is_about_130_chunks_of_at_most_32_kb_and_comes_back_bit_exact()
    {
        ParameterShape[] shapes = [new(4, 1024), new(1, 1024), new(1024, 1024), new(1, 1024), new(1024, 2), new(1, 2)];
        var snapshot = Snapshot(1_234_567, shapes, seed: 2);
        var encoded = WireCodec.GetEncodedLength(snapshot);
        Assert.InRange(encoded, 4_200_000, 4_300_000);

        var chunks = Split(snapshot);

        Assert.Equal((encoded + WeightsChunking.ChunkBytes - 1) / WeightsChunking.ChunkBytes, chunks.Length);
        Assert.InRange(chunks.Length, 125, 135);
        Assert.All(chunks, c => Assert.InRange(c.Bytes.Length, 1, WeightsChunking.ChunkBytes));
        Assert.Equal(encoded, chunks.Sum(c => c.Bytes.Length));
        Assert.Equal(Enumerable.Range(0, chunks.Length), chunks.Select(c => c.Index));
        Assert.All(chunks, c => Assert.Equal((snapshot.Version, chunks.Length), (c.Version, c.Count)));

        var assembler = new WeightsAssembler(WireLimits.Default);
        WeightSnapshot? result = null;
        for (var i = 0; i < chunks.Length; i++)
        {
            result = assembler.Add(chunks[i]);
            Assert.True(result is null == (i < chunks.Length - 1), $"chunk {i} of {chunks.Length} gave {(result is null ? "nothing" : "a snapshot")}");
        }

        AssertExact(snapshot, result);
    }

    [Fact]
    public void Chunks_are_copies_that_outlive_the_scratch_buffer()
    {
        var scratch = new ArrayBufferWriter<byte>();
        var first = Snapshot(1, [new(1, 20_000)], seed: 3);
        var chunks = WeightsChunking.Split(first, scratch);
        WeightsChunking.Split(Snapshot(2, [new(1, 20_000)], seed: 4), scratch);

        AssertExact(first, Assemble(new WeightsAssembler(WireLimits.Default), chunks));
    }

    [Fact]
    public void Older_versions_and_repeats_of_the_completed_one_are_ignored()
    {
        var assembler = new WeightsAssembler(WireLimits.Default);
        var v1 = Split(Snapshot(1, [new(1, 10_000)], seed: 5));
        var v2 = Split(Snapshot(2, [new(1, 10_000)], seed: 6));
        Assert.NotNull(Assemble(assembler, v2));

        Assert.All(v1, c => Assert.Null(assembler.Add(c)));
        Assert.All(v2, c => Assert.Null(assembler.Add(c)));
        Assert.Equal((2L, 0L), (assembler.Completed, assembler.Abandoned));
    }

    [Fact]
    public void The_rest_of_a_version_after_a_gap_is_ignored_and_counted_once()
    {
        var assembler = new WeightsAssembler(WireLimits.Default);
        var v3 = Split(Snapshot(3, [new(1, 40_000)], seed: 7));
        Assert.True(v3.Length >= 4);

        Assert.Null(assembler.Add(v3[0]));
        Assert.All(v3.Skip(2), c => Assert.Null(assembler.Add(c)));
        Assert.Null(assembler.Add(v3[1]));
        Assert.Equal((-1L, 1L), (assembler.Completed, assembler.Abandoned));

        // The next version comes through whole.
        var v4 = Snapshot(4, [new(1, 40_000)], seed: 8);
        AssertExact(v4, Assemble(assembler, Split(v4)));
        Assert.Equal((4L, 1L), (assembler.Completed, assembler.Abandoned));
    }

    [Fact]
    public void A_version_that_starts_past_its_first_chunk_is_given_up()
    {
        var assembler = new WeightsAssembler(WireLimits.Default);
        var v1 = Split(Snapshot(1, [new(1, 20_000)], seed: 9));
        Assert.All(v1.Skip(1), c => Assert.Null(assembler.Add(c)));
        Assert.Equal((-1L, 1L), (assembler.Completed, assembler.Abandoned));
    }

    [Fact]
    public void A_newer_version_abandons_an_incomplete_one()
    {
        var assembler = new WeightsAssembler(WireLimits.Default);
        var v5 = Split(Snapshot(5, [new(1, 40_000)], seed: 10));
        var v6 = Snapshot(6, [new(1, 40_000)], seed: 11);
        Assert.Null(assembler.Add(v5[0]));
        Assert.Null(assembler.Add(v5[1]));

        AssertExact(v6, Assemble(assembler, Split(v6)));
        Assert.Equal((6L, 1L), (assembler.Completed, assembler.Abandoned));

        // What is left of the abandoned version arrives late: ignored.
        Assert.All(v5.Skip(2), c => Assert.Null(assembler.Add(c)));
        Assert.Equal((6L, 1L), (assembler.Completed, assembler.Abandoned));
    }

    [Fact]
    public void A_chunk_whose_count_disagrees_with_its_version_abandons_it()
    {
        var assembler = new WeightsAssembler(WireLimits.Default);
        var v1 = Split(Snapshot(1, [new(1, 20_000)], seed: 12));
        Assert.Null(assembler.Add(v1[0]));
        Assert.Null(assembler.Add(v1[1] with { Count = v1.Length + 1 }));
        Assert.All(v1.Skip(2), c => Assert.Null(assembler.Add(c)));
        Assert.Equal((-1L, 1L), (assembler.Completed, assembler.Abandoned));
    }

    public static TheoryData<string> Undecodable => ["garbage", "truncated", "another message type", "version mismatch", "NaN weight", "trailing byte"];

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void A_chunk_that_completes_bytes_that_do_not_decode_throws_a_wire_format_exception(string kind)
    {
        var snapshot = Snapshot(8, [new(1, 16)], seed: 13);
        var encoded = Split(snapshot).Single().Bytes;
        var chunk = kind switch
        {
            "garbage" => new WeightsChunk(8, 0, 1, [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8]),
            "truncated" => new WeightsChunk(8, 0, 1, encoded[..^5]),
            "another message type" => new WeightsChunk(8, 0, 1, Encode(new Hello("n", WireProtocol.Version, 1, 1))),
            "version mismatch" => new WeightsChunk(9, 0, 1, encoded),
            "NaN weight" => new WeightsChunk(8, 0, 1, Encode(snapshot with { Weights = [.. snapshot.Weights[..^1], float.NaN] })),
            "trailing byte" => new WeightsChunk(8, 0, 1, [.. encoded, 0]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var assembler = new WeightsAssembler(WireLimits.Default);
        Assert.ThrowsAny<WireFormatException>(() => assembler.Add(chunk));
        Assert.Equal(-1, assembler.Completed);

        // The node goes on: the next version assembles.
        var next = Snapshot(10, [new(1, 16)], seed: 14);
        AssertExact(next, Assemble(assembler, Split(next)));
    }

    [Fact]
    public void Corrupted_chunk_bytes_either_decode_or_throw_a_wire_format_exception() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 12).ToArbitrary(), (seed, flips) =>
        {
            var snapshot = Snapshot(2, [new(3, 4), new(1, 4)], seed: 15);
            var bytes = Split(snapshot).Single().Bytes;
            var random = new Random(seed);
            for (var i = 0; i < flips; i++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var cut = random.Next(4) == 0 ? random.Next(bytes.Length) : bytes.Length;
            try
            {
                new WeightsAssembler(WireLimits.Default).Add(new WeightsChunk(2, 0, 1, bytes[..cut]));
            }
            catch (WireFormatException)
            {
            }
        }).QuickCheckThrowOnFailure();

    /// <summary>
    /// A learner sends versions in increasing order, each in chunks, and the network drops some chunks and
    /// replays some stale ones. Whatever the node gets is a complete, exact copy of a sent version, versions
    /// only increase, and every version whose chunks all arrived is delivered (a late replay may complete
    /// another one: that is a sent version too).
    /// </summary>
    [Fact]
    public void Under_drops_and_stale_replays_only_exact_sent_versions_come_out_in_increasing_order()
    {
        var plans =
            from count in Gen.Choose(1, 5)
            from sizes in Gen.ArrayOf(Gen.Choose(1, 30_000), count)
            from gaps in Gen.ArrayOf(Gen.Choose(1, 3), count)
            from dropPercent in Gen.Choose(0, 40)
            from replayPercent in Gen.Choose(0, 20)
            from seed in Gen.Choose(0, int.MaxValue)
            select (Sizes: sizes, Gaps: gaps, DropPercent: dropPercent, ReplayPercent: replayPercent, Seed: seed);

        Prop.ForAll(plans.ToArbitrary(), plan =>
        {
            var random = new Random(plan.Seed);
            var sent = new Dictionary<long, WeightSnapshot>();
            var whole = new HashSet<long>();
            var delivered = new List<WeightSnapshot>();
            var assembler = new WeightsAssembler(WireLimits.Default);
            var earlier = new List<WeightsChunk>();
            long version = 0;
            for (var v = 0; v < plan.Sizes.Length; v++)
            {
                version += plan.Gaps[v];
                var snapshot = Snapshot(version, [new(1, plan.Sizes[v])], seed: plan.Seed ^ v);
                sent[version] = snapshot;
                var chunks = Split(snapshot);
                var dropped = false;
                foreach (var chunk in chunks)
                {
                    if (earlier.Count > 0 && random.Next(100) < plan.ReplayPercent && assembler.Add(earlier[random.Next(earlier.Count)]) is { } stale)
                    {
                        delivered.Add(stale);
                    }

                    if (random.Next(100) < plan.DropPercent)
                    {
                        dropped = true;
                        continue;
                    }

                    if (assembler.Add(chunk) is { } snapshotOut)
                    {
                        delivered.Add(snapshotOut);
                    }
                }

                if (!dropped)
                {
                    whole.Add(version);
                }

                earlier.AddRange(chunks);
            }

            Assert.All(delivered, d => AssertExact(sent[d.Version], d));
            Assert.True(delivered.Select(d => d.Version).Zip(delivered.Skip(1).Select(d => d.Version)).All(p => p.First < p.Second),
                $"versions out of order: {string.Join(", ", delivered.Select(d => d.Version))}");
            Assert.Subset(delivered.Select(d => d.Version).ToHashSet(), whole);
            Assert.Equal(delivered.Count == 0 ? -1 : delivered[^1].Version, assembler.Completed);
            Assert.InRange(assembler.Abandoned, 0, sent.Count - delivered.Count);
        }).QuickCheckThrowOnFailure();
    }

    private static WeightsChunk[] Split(WeightSnapshot snapshot) => WeightsChunking.Split(snapshot, new ArrayBufferWriter<byte>());

    private static WeightSnapshot? Assemble(WeightsAssembler assembler, WeightsChunk[] chunks)
    {
        WeightSnapshot? result = null;
        foreach (var chunk in chunks)
        {
            result = assembler.Add(chunk);
        }

        return result;
    }

    private static byte[] Encode(object message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WireCodec.Encode(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static WeightSnapshot Snapshot(long version, ParameterShape[] shapes, int seed)
    {
        var random = new Random(seed);
        var weights = new float[shapes.Sum(s => s.Length)];
        for (var i = 0; i < weights.Length; i++)
        {
            // Every bit pattern of a finite float, subnormals and −0 included, so "exact" means bit-exact.
            float value;
            do
            {
                value = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
            }
            while (!float.IsFinite(value));
            weights[i] = value;
        }

        return new WeightSnapshot(version, shapes, weights);
    }

    private static void AssertExact(WeightSnapshot expected, WeightSnapshot? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Shapes, actual.Shapes);
        Assert.True(MemoryMarshal.AsBytes(expected.Weights.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.Weights.AsSpan())),
            $"weights of version {expected.Version} differ");
    }
}
