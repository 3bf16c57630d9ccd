using System.Buffers.Binary;
using Flock.Shared.Messages;
using Flock.Shared.Wire;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Flock.Shared.Tests.Wire;

/// <summary>
/// Feeds the decoder mutated encodings of every message type and checks that it either decodes them (and then
/// the result re-encodes to exactly those bytes) or throws <see cref="WireFormatException"/>, and nothing else:
/// no IndexOutOfRange, no OutOfMemory, no Overflow, no ArgumentException. Fixed seeds make it deterministic.
/// </summary>
public class WireFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 120_000;
    private const int Seed = 20_240_607;
    private const int MutationKinds = 12;

    // Small limits make many mutated lengths cross a limit; the defaults make them cross the remaining bytes.
    private static readonly WireLimits TightLimits = new()
    {
        MaxBatch = 64,
        MaxObsDim = 512,
        MaxWeights = 4_096,
        MaxShapes = 16,
        MaxStringBytes = 256,
        MaxConfigBytes = 4_096,
    };

    private static readonly int[] HostileInts =
    [
        int.MaxValue, int.MinValue, -1, 0, 1, 0x7FFF_FFF0, 65_537, 1 << 30, 4_097, int.MaxValue / 4, -65_536,
    ];

    private static readonly uint[] HostileFloatBits = [0x7FC0_0000, 0x7F80_0000, 0xFF80_0000, 0xFFFF_FFFF, 0x3F80_0001, 0xBF80_0000];

    [Fact]
    public void Mutated_buffers_only_ever_decode_canonically_or_throw_WireFormatException()
    {
        var corpus = BuildCorpus();
        Assert.Equal(7, corpus.Select(bytes => WireCodec.PeekType(bytes)).Distinct().Count());

        var random = new Random(Seed);
        var reusedBatch = TransitionBatch.Allocate(sourceActor: 0, capacity: 16, obsDim: 8);
        var reusedUpdate = new PriorityUpdate(0, new long[16], new float[16]);
        var failures = new List<string>();
        var accepted = 0;
        var rejected = 0;

        for (var i = 0; i < Iterations && failures.Count < 5; i++)
        {
            var original = corpus[random.Next(corpus.Length)];
            var kind = random.Next(MutationKinds);
            var mutated = Mutate(original, kind, random);
            var limits = (i & 2) == 0 ? TightLimits : WireLimits.Default;
            try
            {
                var decoded = (i & 1) == 0
                    ? WireCodec.Decode(mutated, limits)
                    : DecodeTyped(mutated, limits, random.Next(7), reusedBatch, reusedUpdate);
                accepted++;
                var reEncoded = WireAssert.Encode(decoded);
                if (!reEncoded.AsSpan().SequenceEqual(mutated))
                {
                    failures.Add(Describe(i, kind, mutated, "decoded, but re-encodes to other bytes: " + Convert.ToHexString(reEncoded)));
                }
            }
            catch (WireFormatException)
            {
                rejected++;
            }
            catch (Exception exception)
            {
                failures.Add(Describe(i, kind, mutated, exception.ToString()));
            }
        }

        output.WriteLine($"{accepted} mutated buffers decoded, {rejected} rejected.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
        Assert.Equal(Iterations, accepted + rejected);

        // Both outcomes must be common, or the mutations are not exercising what this test is for.
        Assert.InRange(rejected, Iterations / 4, Iterations);
        Assert.InRange(accepted, Iterations / 100, Iterations);
    }

    [Fact]
    public void Every_truncation_of_every_valid_message_is_rejected_as_a_format_error()
    {
        foreach (var original in BuildCorpus())
        {
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
        _ => WireCodec.DecodeRunConfig(bytes, limits),
    };

    /// <summary>Valid encodings of every type, small enough to mutate quickly, from fixed seeds.</summary>
    private static byte[][] BuildCorpus()
    {
        var generators = new[]
        {
            WireGenerators.TransitionBatch.Where(b => b.ObsDim <= 8 && b.Capacity <= 16).Select(m => (object)m),
            WireGenerators.WeightSnapshot.Where(s => s.Weights.Length <= 400).Select(m => (object)m),
            WireGenerators.PriorityUpdate.Where(u => u.Keys.Length <= 16).Select(m => (object)m),
            WireGenerators.Hello.Select(m => (object)m),
            WireGenerators.Heartbeat.Select(m => (object)m),
            WireGenerators.ActorStats.Select(m => (object)m),
            WireGenerators.RunConfig.Select(m => (object)m),
        };

        return generators
            .SelectMany((generator, index) => generator.Sample(10, new Rnd((ulong)(Seed + index)), 6))
            .Select(WireAssert.Encode)
            .ToArray();
    }

    private static byte[] Mutate(byte[] original, int kind, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (kind)
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                // Cut at the places a parser is most likely to get wrong: inside the header, just past it, near the end.
                int[] cuts = [random.Next(WireProtocol.HeaderSize + 1), WireProtocol.HeaderSize + random.Next(40), bytes.Length - 1 - random.Next(8)];
                return bytes[..Math.Clamp(cuts[random.Next(cuts.Length)], 0, bytes.Length - 1)];
            case 2:
                FlipBits(bytes, random, 1 + random.Next(4));
                return bytes;
            case 3:
                WriteInt(bytes, random.Next(bytes.Length - 3), HostileInt(random));
                return bytes;
            case 4:
                WriteInt(bytes, 8, random.Next(3) == 0 ? HostileInt(random) : bytes.Length - WireProtocol.HeaderSize + random.Next(-3, 4));
                return bytes;
            case 5:
                return RandomBytes(random, random.Next(300));
            case 6:
                // A well-formed header of a random type over a random payload: gets past framing into every payload reader.
                var payload = RandomBytes(random, random.Next(200));
                var framed = new byte[WireProtocol.HeaderSize + payload.Length];
                bytes.AsSpan(0, WireProtocol.HeaderSize).CopyTo(framed);
                BinaryPrimitives.WriteUInt16LittleEndian(framed.AsSpan(6), (ushort)random.Next(1, 8));
                BinaryPrimitives.WriteInt32LittleEndian(framed.AsSpan(8), payload.Length);
                payload.CopyTo(framed, WireProtocol.HeaderSize);
                return framed;
            case 7:
                return [.. bytes, .. RandomBytes(random, 1 + random.Next(16))];
            case 8:
                WriteInt(bytes, random.Next(bytes.Length - 3), (int)HostileFloatBits[random.Next(HostileFloatBits.Length)]);
                return bytes;
            case 9:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(2, 256);
                return bytes;
            case 10:
                FlipBits(bytes, random, 1 + random.Next(3));
                return bytes[..random.Next(bytes.Length)];
            default:
                // Header fields one by one: magic, version, type, reserved.
                int[] offsets = [0, 4, 6, 12];
                bytes[offsets[random.Next(offsets.Length)] + random.Next(2)] = (byte)random.Next(256);
                return bytes;
        }
    }

    private static int HostileInt(Random random) =>
        random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : HostileInts[random.Next(HostileInts.Length)];

    private static void WriteInt(byte[] bytes, int offset, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);

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
}
