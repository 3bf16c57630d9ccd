using Flock.Actors.Bench;

namespace Flock.Actors.Tests.Bench;

public class WireBenchTests
{
    private static readonly string[] Keys =
    [
        "encode_gb_per_second", "decode_gb_per_second", "transitions_per_second", "batch_bytes",
        "memcpy_gb_per_second", "weights_encode_gb_per_second", "weights_decode_gb_per_second",
        "weights_memcpy_gb_per_second", "weights_bytes",
        "seaquest_batch_bytes_uint8", "seaquest_batch_bytes_float32", "seaquest_decode_us_uint8", "seaquest_decode_us_float32",
    ];

    [Fact]
    public void Reports_every_figure_as_a_positive_finite_number()
    {
        using var progress = new StringWriter();

        var results = WireBench.Run(new BenchOptions(Seconds: 0.05, progress));

        Assert.Equal(Keys.Order(StringComparer.Ordinal), results.Keys.Order(StringComparer.Ordinal));
        foreach (var key in Keys)
        {
            var value = Convert.ToDouble(results[key], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(double.IsFinite(value) && value > 0, $"{key} = {value}");
        }

        Assert.Contains("batch decode", progress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_the_sizes_of_the_encoded_messages()
    {
        var results = WireBench.Run(new BenchOptions(Seconds: 0.01, TextWriter.Null));

        // 512 transitions × (2 × 4 observation floats × 4 B + 17 B of scalars) as raw blocks, plus the MessagePack
        // framing: the array, the header (magic, version, type, 16-byte run id), the scalars, the trace and one bin header per tensor.
        Assert.InRange((int)results["batch_bytes"], 512 * ((8 * 4) + 17), (512 * ((8 * 4) + 17)) + 128);

        // The Seaquest batch: 1,000-cell boards, one byte each as uint8, four as float32, plus the same 17 B of scalars.
        Assert.InRange((int)results["seaquest_batch_bytes_uint8"], 512 * ((2 * 1000) + 17), (512 * ((2 * 1000) + 17)) + 128);
        Assert.InRange((int)results["seaquest_batch_bytes_float32"], 512 * ((2 * 4000) + 17), (512 * ((2 * 4000) + 17)) + 128);

        // 1,053,698 floats and 8 shapes (2 ints each) as raw blocks, with the same kind of framing.
        Assert.InRange((int)results["weights_bytes"], (1_053_698 * 4) + (8 * 8), (1_053_698 * 4) + (8 * 8) + 128);
    }
}
