using System.Diagnostics;
using System.Globalization;
using Flock.Shared.Messages;
using Flock.Shared.Wire;

namespace Flock.Actors.Bench;

/// <summary>
/// Throughput of the wire codec on the two messages that dominate traffic: a 512-transition CartPole batch
/// (actor → replay) and a ~1M-parameter weight snapshot (learner → actors). Decoding goes into a reused
/// destination, as a receive loop does, and a plain memory copy of the batch's size is measured in the same run
/// so decode speed can be read relative to the machine's memcpy. A 512-transition MinAtar Seaquest batch
/// (10×10×10 boards) is encoded both ways, as bytes (how it travels) and as floats (how it travelled before
/// protocol 3), for its size on the wire and its decode time.
/// </summary>
public static class WireBench
{
    private const int BatchTransitions = 512;
    private const int CartPoleObsDim = 4;
    private const int SeaquestObsDim = 10 * 10 * 10;
    private const int Seed = 1234;
    private const double BytesPerGigabyte = 1e9;

    /// <summary>An MLP 4 → 512 → 1024 → 512 → 2 (weights and biases): 1,053,698 parameters.</summary>
    private static readonly ParameterShape[] MlpShapes =
    [
        new(4, 512), new(1, 512),
        new(512, 1024), new(1, 1024),
        new(1024, 512), new(1, 512),
        new(512, 2), new(1, 2),
    ];

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Seconds);
        var limits = WireLimits.Default;

        var batch = CartPoleBatch(new Random(Seed));
        var batchBytes = new byte[WireCodec.GetEncodedLength(batch)];
        var batchLength = WireCodec.Encode(batch, batchBytes);
        var reusedBatch = TransitionBatch.Allocate(sourceActor: 0, BatchTransitions, CartPoleObsDim);
        var copyTarget = new byte[batchLength];

        var encode = Measure(options, "batch encode", () => WireCodec.Encode(batch, batchBytes));
        var decode = Measure(options, "batch decode", () => reusedBatch = WireCodec.DecodeTransitionBatch(batchBytes, limits, reusedBatch));
        var memcpy = Measure(options, "batch-sized memcpy", () => batchBytes.AsSpan().CopyTo(copyTarget));
        ReportAllocation(options, "batch decode", () => reusedBatch = WireCodec.DecodeTransitionBatch(batchBytes, limits, reusedBatch));

        var seaquestBoards = SeaquestBatch(new Random(Seed), ObservationEncoding.UInt8);
        var seaquestFloats = SeaquestBatch(new Random(Seed), ObservationEncoding.Float32);
        var boardBytes = new byte[WireCodec.GetEncodedLength(seaquestBoards)];
        var floatBytes = new byte[WireCodec.GetEncodedLength(seaquestFloats)];
        WireCodec.Encode(seaquestBoards, boardBytes);
        WireCodec.Encode(seaquestFloats, floatBytes);
        var reusedBoards = TransitionBatch.Allocate(0, BatchTransitions, SeaquestObsDim, ObservationEncoding.UInt8);
        var reusedFloats = TransitionBatch.Allocate(0, BatchTransitions, SeaquestObsDim);
        var boardsDecode = Measure(options, "seaquest uint8 batch decode", () => reusedBoards = WireCodec.DecodeTransitionBatch(boardBytes, limits, reusedBoards));
        var floatsDecode = Measure(options, "seaquest float32 batch decode", () => reusedFloats = WireCodec.DecodeTransitionBatch(floatBytes, limits, reusedFloats));

        var snapshot = MlpSnapshot(new Random(Seed));
        var snapshotBytes = new byte[WireCodec.GetEncodedLength(snapshot)];
        var snapshotLength = WireCodec.Encode(snapshot, snapshotBytes);
        var reusedSnapshot = new WeightSnapshot(0, new ParameterShape[MlpShapes.Length], new float[snapshot.Weights.Length]);
        var snapshotCopyTarget = new byte[snapshotLength];

        var weightsEncode = Measure(options, "weights encode", () => WireCodec.Encode(snapshot, snapshotBytes));
        var weightsDecode = Measure(options, "weights decode", () => reusedSnapshot = WireCodec.DecodeWeightSnapshot(snapshotBytes, limits, reusedSnapshot));
        var weightsMemcpy = Measure(options, "weights-sized memcpy", () => snapshotBytes.AsSpan().CopyTo(snapshotCopyTarget));

        var results = new Dictionary<string, object>
        {
            ["encode_gb_per_second"] = GigabytesPerSecond(encode, batchLength),
            ["decode_gb_per_second"] = GigabytesPerSecond(decode, batchLength),
            ["transitions_per_second"] = decode.OperationsPerSecond * BatchTransitions,
            ["batch_bytes"] = batchLength,
            ["memcpy_gb_per_second"] = GigabytesPerSecond(memcpy, batchLength),
            ["weights_encode_gb_per_second"] = GigabytesPerSecond(weightsEncode, snapshotLength),
            ["weights_decode_gb_per_second"] = GigabytesPerSecond(weightsDecode, snapshotLength),
            ["weights_memcpy_gb_per_second"] = GigabytesPerSecond(weightsMemcpy, snapshotLength),
            ["weights_bytes"] = snapshotLength,
            ["seaquest_batch_bytes_uint8"] = boardBytes.Length,
            ["seaquest_batch_bytes_float32"] = floatBytes.Length,
            ["seaquest_decode_us_uint8"] = 1e6 / boardsDecode.OperationsPerSecond,
            ["seaquest_decode_us_float32"] = 1e6 / floatsDecode.OperationsPerSecond,
        };

        options.Progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wire: batch decode at {(double)results["decode_gb_per_second"] / (double)results["memcpy_gb_per_second"]:P0} of memcpy, weights decode at {(double)results["weights_decode_gb_per_second"] / (double)results["weights_memcpy_gb_per_second"]:P0} of memcpy"));
        return results;
    }

    /// <summary>Operations completed and the seconds they took, after a warm-up that lets tiered JIT settle.</summary>
    private readonly record struct Throughput(long Operations, double Seconds)
    {
        public double OperationsPerSecond => Operations / Seconds;
    }

    private static Throughput Measure(BenchOptions options, string name, Action operation)
    {
        // Warm-up long enough for tier-1 code (the JIT waits ~100 ms before recompiling hot methods).
        var warmUp = RunFor(operation, Math.Clamp(options.Seconds / 2, 0.01, 1.0), operationsPerCheck: 1);

        // Check the clock about every millisecond, so reading it costs nothing next to the work measured.
        var perCheck = (int)Math.Clamp(warmUp.OperationsPerSecond / 1_000, 1, 4_096);
        var measured = RunFor(operation, options.Seconds, perCheck);
        options.Progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wire: {name}: {measured.Operations} operations in {measured.Seconds:F3} s, {1e6 / measured.OperationsPerSecond:F2} µs each"));
        return measured;
    }

    private static Throughput RunFor(Action operation, double seconds, int operationsPerCheck)
    {
        var budget = (long)(seconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        long operations = 0;
        long elapsed;
        do
        {
            for (var i = 0; i < operationsPerCheck; i++)
            {
                operation();
            }

            operations += operationsPerCheck;
            elapsed = Stopwatch.GetTimestamp() - start;
        }
        while (elapsed < budget);

        return new Throughput(operations, (double)elapsed / Stopwatch.Frequency);
    }

    private static void ReportAllocation(BenchOptions options, string name, Action operation)
    {
        const int Operations = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Operations; i++)
        {
            operation();
        }

        var perOperation = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Operations;
        options.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wire: {name} allocates {perOperation:F0} bytes per message"));
    }

    private static double GigabytesPerSecond(Throughput throughput, int bytesPerOperation) =>
        throughput.OperationsPerSecond * bytesPerOperation / BytesPerGigabyte;

    /// <summary>512 plausible CartPole 3-step transitions: small observations, actions 0/1, some terminations.</summary>
    private static TransitionBatch CartPoleBatch(Random random)
    {
        var batch = TransitionBatch.Allocate(sourceActor: 3, BatchTransitions, CartPoleObsDim) with
        {
            Count = BatchTransitions,
            WeightsVersion = 42,
        };
        for (var i = 0; i < batch.Observations.Length; i++)
        {
            batch.Observations[i] = (float)((random.NextDouble() * 0.4) - 0.2);
            batch.NextObservations[i] = (float)((random.NextDouble() * 0.4) - 0.2);
        }

        for (var i = 0; i < BatchTransitions; i++)
        {
            var terminated = random.Next(50) == 0;
            batch.Actions[i] = random.Next(2);
            batch.Rewards[i] = terminated ? 1f : 1f + 0.99f + (0.99f * 0.99f);
            batch.Discounts[i] = terminated ? 0f : 0.99f * 0.99f * 0.99f;
            batch.Terminated[i] = terminated;
            batch.InitialPriorities[i] = -1f;
        }

        return batch;
    }

    /// <summary>512 Seaquest-sized transitions, about 5% of the cells set, as bytes or as the same values in floats.</summary>
    private static TransitionBatch SeaquestBatch(Random random, ObservationEncoding encoding)
    {
        var batch = TransitionBatch.Allocate(sourceActor: 3, BatchTransitions, SeaquestObsDim, encoding) with { Count = BatchTransitions };
        for (var i = 0; i < BatchTransitions * SeaquestObsDim; i++)
        {
            var cell = random.Next(20) == 0 ? 1 : 0;
            var next = random.Next(20) == 0 ? 1 : 0;
            if (encoding == ObservationEncoding.UInt8)
            {
                batch.ObservationBytes[i] = (byte)cell;
                batch.NextObservationBytes[i] = (byte)next;
            }
            else
            {
                batch.Observations[i] = cell;
                batch.NextObservations[i] = next;
            }
        }

        for (var i = 0; i < BatchTransitions; i++)
        {
            batch.Actions[i] = random.Next(6);
            batch.Discounts[i] = 0.99f * 0.99f * 0.99f;
            batch.InitialPriorities[i] = -1f;
        }

        return batch;
    }

    private static WeightSnapshot MlpSnapshot(Random random)
    {
        var weights = new float[MlpShapes.Sum(shape => shape.Length)];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((random.NextDouble() * 0.1) - 0.05);
        }

        return new WeightSnapshot(1_000, MlpShapes, weights);
    }
}
