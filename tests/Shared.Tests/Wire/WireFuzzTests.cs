using System.Buffers.Binary;
using System.Diagnostics;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;
using MessagePack;
using Xunit.Abstractions;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// Feeds the decoder mutated encodings of every message type (bit flips, truncation, splicing, corrupted length
/// fields and type codes, random bytes, valid headers over random MessagePack) and checks that it either decodes
/// them into a valid message or throws <see cref="WireFormatException"/>, and nothing else: no IndexOutOfRange, no
/// OutOfMemory, no Overflow, no ArgumentException, none of MessagePack's own exceptions. A decoded buffer must
/// re-encode to the same bytes, or (when it used an integer width this build does not write) to bytes that decode
/// to the same message. Fixed seeds make it deterministic.
/// </summary>
public class WireFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 120_000;
    private const int Seed = 20_240_607;
    private const int MutationKinds = 14;
    private const int TypeCount = 12;

    // Small limits make many mutated lengths cross a limit; the defaults make them cross the remaining bytes.
    private static readonly WireLimits TightLimits = new()
    {
        MaxBatch = 64,
        MaxObsDim = 512,
        MaxWeights = 4_096,
        MaxShapes = 16,
        MaxStringBytes = 256,
        MaxConfigBytes = 4_096,
        MaxActors = 8,
        MaxChunkBytes = 256,
        MaxChunks = 16,
        MaxReasonBytes = 64,
    };

    private static readonly int[] HostileInts =
    [
        int.MaxValue, int.MinValue, -1, 0, 1, 0x7FFF_FFF0, 65_537, 1 << 30, 4_097, int.MaxValue / 4, -65_536, 255, 256, 65_535,
    ];

    private static readonly uint[] HostileFloatBits = [0x7FC0_0000, 0x7F80_0000, 0xFF80_0000, 0xFFFF_FFFF, 0x3F80_0001, 0xBF80_0000];

    // Type codes a field may be swapped for: nil, bools, every bin/str/array/map width, every int and float width, fix forms.
    private static readonly byte[] Codes =
    [
        0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3,
        0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xD4, 0xC7, 0x90, 0x9F, 0x80, 0xA0, 0xBF, 0x00, 0x7F, 0xE0, 0xFF,
    ];

    [Fact]
    public void Mutated_buffers_only_ever_decode_to_valid_messages_or_throw_WireFormatException()
    {
        var corpus = BuildCorpus();
        Assert.Equal(TypeCount, corpus.Select(sample => WireCodec.PeekType(sample.Bytes)).Distinct().Count());

        var random = new Random(Seed);
        var reusedBatch = TransitionBatch.Allocate(sourceActor: 0, capacity: 16, obsDim: 8);
        var reusedUpdate = new PriorityUpdate(0, new long[16], new float[16]);
        var failures = new List<string>();
        var accepted = 0;
        var acceptedInOtherWidths = 0;
        var rejected = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Iterations && failures.Count < 5; i++)
        {
            var kind = random.Next(MutationKinds);
            var mutated = Mutate(corpus, kind, random);
            var limits = (i & 2) == 0 ? TightLimits : WireLimits.Default;
            object decoded;
            try
            {
                decoded = (i & 1) == 0
                    ? WireCodec.Decode(mutated, limits)
                    : DecodeTyped(mutated, limits, random.Next(TypeCount), reusedBatch, reusedUpdate);
            }
            catch (WireFormatException)
            {
                rejected++;
                continue;
            }
            catch (Exception exception)
            {
                failures.Add(Describe(i, kind, mutated, exception.ToString()));
                continue;
            }

            accepted++;
            try
            {
                var runId = WireHeader.Read(mutated).RunId;
                var reEncoded = WireAssert.Encode(decoded, runId);
                if (!reEncoded.AsSpan().SequenceEqual(mutated))
                {
                    acceptedInOtherWidths++;
                    WireAssert.Equivalent(decoded, WireCodec.Decode(reEncoded, limits, out var reDecodedRunId));
                    Assert.Equal(runId, reDecodedRunId);
                }
            }
            catch (Exception exception)
            {
                failures.Add(Describe(i, kind, mutated, "decoded, but does not round-trip: " + exception));
            }
        }

        output.WriteLine($"{Iterations} mutated buffers in {clock.Elapsed.TotalSeconds:F1} s: {accepted} decoded ({acceptedInOtherWidths} of them written in other integer widths), {rejected} rejected.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
        Assert.Equal(Iterations, accepted + rejected);

        // Both outcomes must be common, or the mutations are not exercising what this test is for.
        Assert.InRange(rejected, Iterations / 4, Iterations);
        Assert.InRange(accepted, Iterations / 100, Iterations);
    }

    [Fact]
    public void Every_truncation_of_every_valid_message_is_rejected_as_a_format_error()
    {
        foreach (var sample in BuildCorpus())
        {
            var original = sample.Bytes;
            for (var length = 0; length < original.Length; length++)
            {
                var exception = Assert.Throws<WireFormatException>(() => WireCodec.Decode(original.AsSpan(0, length), WireLimits.Default));
                Assert.Contains(exception.Field, exception.Message, StringComparison.Ordinal);
            }
        }
    }

    private static object DecodeTyped(byte[] bytes, WireLimits limits, int type, TransitionBatch batch, PriorityUpdate update) => type switch
    {
        0 => WireCodec.DecodeTransitionBatch(bytes, limits, batch),
        1 => WireCodec.DecodeWeightSnapshot(bytes, limits),
        2 => WireCodec.DecodePriorityUpdate(bytes, limits, update),
        3 => WireCodec.DecodeHello(bytes, limits),
        4 => WireCodec.DecodeHeartbeat(bytes, limits),
        5 => WireCodec.DecodeActorStats(bytes, limits),
        6 => WireCodec.DecodeRunConfig(bytes, limits),
        7 => WireCodec.DecodeJoinGrant(bytes, limits),
        8 => WireCodec.DecodeJoinRefused(bytes, limits),
        9 => WireCodec.DecodeWeightsChunk(bytes, limits),
        10 => WireCodec.DecodeNodeStats(bytes, limits),
        _ => WireCodec.DecodeInsertAck(bytes, limits),
    };

    /// <summary>Valid encodings of every type with random run ids, small enough to mutate quickly, from fixed seeds.</summary>
    private static Sample[] BuildCorpus()
    {
        var generators = WireGenerators.EveryType.ToArray();
        generators[0] = WireGenerators.TransitionBatch.Where(b => b.ObsDim <= 8 && b.Capacity <= 16).Select(m => (object)m);
        generators[1] = WireGenerators.WeightSnapshot.Where(s => s.Weights.Length <= 400).Select(m => (object)m);
        generators[2] = WireGenerators.PriorityUpdate.Where(u => u.Keys.Length <= 16).Select(m => (object)m);
        generators[9] = WireGenerators.WeightsChunk.Where(c => c.Bytes.Length <= 600).Select(m => (object)m);

        var runIds = new Random(Seed);
        return generators
            .SelectMany((generator, index) => generator.Sample(10, new Rnd((ulong)(Seed + index)), 6))
            .Select(message => new Sample(WireAssert.Encode(message, RandomGuid(runIds))))
            .ToArray();
    }

    private static byte[] Mutate(Sample[] corpus, int kind, Random random)
    {
        var sample = corpus[random.Next(corpus.Length)];
        var bytes = (byte[])sample.Bytes.Clone();
        switch (kind)
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                // Cut where a parser is most likely to get wrong: inside the header, at or just past a field's start, near the end.
                int[] cuts = [random.Next(29), sample.Boundary(random) + random.Next(-1, 3), bytes.Length - 1 - random.Next(8)];
                return bytes[..Math.Clamp(cuts[random.Next(cuts.Length)], 0, bytes.Length - 1)];
            case 2:
                FlipBits(bytes, random, 1 + random.Next(4));
                return bytes;
            case 3:
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(random.Next(bytes.Length - 3)), HostileInt(random));
                return bytes;
            case 4:
                CorruptLength(bytes, sample, random);
                return bytes;
            case 5:
                return RandomBytes(random, random.Next(300));
            case 6:
                return ValidHeaderOverRandomFields(random);
            case 7:
                return [.. bytes, .. RandomBytes(random, 1 + random.Next(16))];
            case 8:
                // Tensors are little-endian inside their bins.
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(random.Next(bytes.Length - 3)), HostileFloatBits[random.Next(HostileFloatBits.Length)]);
                return bytes;
            case 9:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 10:
                FlipBits(bytes, random, 1 + random.Next(3));
                return bytes[..random.Next(bytes.Length)];
            case 11:
                // The header: array code, magic, version, type, run id.
                bytes[random.Next(Math.Min(28, bytes.Length))] = (byte)random.Next(256);
                return bytes;
            case 12:
                // Splice: this message up to one of its fields, another (often of another type) from one of its fields.
                var other = corpus[random.Next(corpus.Length)];
                return [.. bytes[..sample.Boundary(random)], .. other.Bytes[other.Boundary(random)..]];
            default:
                bytes[sample.Boundary(random)] = Codes[random.Next(Codes.Length)];
                return bytes;
        }
    }

    /// <summary>Overwrites the length of one array, bin or str header with a hostile value in that header's own width.</summary>
    private static void CorruptLength(byte[] bytes, Sample sample, Random random)
    {
        var at = sample.Boundary(random);
        var code = bytes[at];
        var hostile = HostileInt(random);
        switch (code)
        {
            case 0xC4 or 0xD9 when at + 1 < bytes.Length:
                bytes[at + 1] = (byte)hostile;
                break;
            case 0xC5 or 0xDA or 0xDC when at + 2 < bytes.Length:
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 1), (ushort)hostile);
                break;
            case 0xC6 or 0xDB or 0xDD when at + 4 < bytes.Length:
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at + 1), hostile);
                break;
            case >= 0x90 and <= 0x9F or >= 0xA0 and <= 0xBF:
                bytes[at] = code >= 0xA0 ? (byte)(0xA0 | (hostile & 0x1F)) : (byte)(0x90 | (hostile & 0x0F));
                break;
            default:
                // A fixed-width scalar: corrupt the array header in front of everything instead.
                bytes[0] = (byte)(0x90 | (hostile & 0x0F));
                break;
        }
    }

    /// <summary>A well-formed header of a random type over random MessagePack values: gets past framing into every payload reader.</summary>
    private static byte[] ValidHeaderOverRandomFields(Random random)
    {
        var fields = random.Next(15);
        var announced = random.Next(4) == 0 ? fields + random.Next(-1, 2) : fields;
        return MessagePackDocument.Build((ref writer) =>
        {
            MessagePackDocument.Header(ref writer, 1 + random.Next(TypeCount), Math.Max(0, announced));
            for (var i = 0; i < fields; i++)
            {
                switch (random.Next(9))
                {
                    case 0:
                        writer.Write(HostileInt(random));
                        break;
                    case 1:
                        writer.WriteInt32(random.Next(-2, 40));
                        break;
                    case 2:
                        writer.WriteInt64(random.NextInt64());
                        break;
                    case 3:
                        writer.Write(random.NextDouble());
                        break;
                    case 4:
                        writer.Write(RandomBytes(random, random.Next(4) == 0 ? 25 : random.Next(64) * 4));
                        break;
                    case 5:
                        writer.Write("n" + random.Next());
                        break;
                    case 6:
                        writer.WriteNil();
                        break;
                    case 7:
                        writer.Write(new byte[random.Next(2) * 25]);
                        break;
                    default:
                        writer.WriteArrayHeader(random.Next(3));
                        break;
                }
            }
        });
    }

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static int HostileInt(Random random) =>
        random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : HostileInts[random.Next(HostileInts.Length)];

    private static void FlipBits(byte[] bytes, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Describe(int iteration, int kind, byte[] bytes, string problem) =>
        $"iteration {iteration}, mutation {kind}, {bytes.Length} bytes {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 96)))}: {problem}";

    /// <summary>A valid encoding and where each of its elements starts (the array header at 0, then every field).</summary>
    private sealed class Sample
    {
        public Sample(byte[] bytes)
        {
            Bytes = bytes;
            var reader = new MessagePackReader(bytes);
            var boundaries = new List<int> { 0 };
            var count = reader.ReadArrayHeader();
            for (var i = 0; i < count; i++)
            {
                boundaries.Add((int)reader.Consumed);
                reader.Skip();
            }

            Boundaries = [.. boundaries];
        }

        public byte[] Bytes { get; }

        public int[] Boundaries { get; }

        public int Boundary(Random random) => Boundaries[random.Next(Boundaries.Length)];
    }
}
