using System.Text.Json;
using Flock.Actors.Tests.Cli;

namespace Flock.Actors.Tests.Bench;

/// <summary>The real <c>flockrl bench</c>: repeats, median and range in --json, and clear usage errors.</summary>
public sealed class BenchCommandTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Json_holds_each_figures_median_with_its_range_beside_it_and_the_settings_once()
    {
        var result = await FlockProcess.RunAsync(Generous, "bench", "wire", "--seconds", "0.01", "--repeats", "3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var figures = JsonDocument.Parse(result.LastLine).RootElement;
        Assert.Equal(3, figures.GetProperty("repeats").GetInt32());
        var median = figures.GetProperty("decode_gb_per_second").GetDouble();
        Assert.InRange(median, figures.GetProperty("decode_gb_per_second_min").GetDouble(), figures.GetProperty("decode_gb_per_second_max").GetDouble());
        Assert.True(figures.TryGetProperty("batch_bytes", out _));
        Assert.False(figures.TryGetProperty("batch_bytes_min", out _));
        Assert.Equal(JsonValueKind.Array, figures.GetProperty("wide_spread").ValueKind);
        Assert.Contains("repeat 3/3", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wire", "--repeats 0", "--repeats 0: must be ≥ 1 and ≤ 1000")]
    [InlineData("wire", "--contention", "--contention: only the collector bench measures it, not 'wire'")]
    [InlineData("wire", "--rows 10", "--rows: only the tools bench reads a synthetic run, not 'wire'")]
    [InlineData("tools", "--rows 0", "--rows 0: must be ≥ 1 and ≤ 10000000")]
    [InlineData("envs", "--device ilgpu-cpu", "--device: only the learner bench runs on a device, not 'envs'")]
    [InlineData("learner", "--widths 64", "--widths: only with bench learner --device cuda|ilgpu-cpu")]
    [InlineData("learner", "--parity", "--parity: only with bench learner --device cuda|ilgpu-cpu")]
    [InlineData("learner", "--device cpu", "--device 'cpu': the learner bench measures cuda or ilgpu-cpu")]
    [InlineData("learner", "--device ilgpu-cpu --widths 64,0", "--widths '64,0': '0' is not a whole number from 1 to 8192")]
    [InlineData("learner", "--device ilgpu-cpu --batches x", "--batches 'x': 'x' is not a whole number from 1 to 16384")]
    public async Task Bad_bench_options_are_usage_errors_naming_the_value_and_what_is_allowed(string bench, string options, string message)
    {
        var result = await FlockProcess.RunAsync(Generous, ["bench", bench, "--seconds", "0.01", .. options.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gpu_learner_bench_on_cuda_is_refused_where_no_cuda_device_is_found()
    {
        if (Learner.Gpu.ComputeDevices.FindCuda().Count > 0)
        {
            return;
        }

        var result = await FlockProcess.RunAsync(Generous, "bench", "learner", "--device", "cuda", "--parity");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--device cuda: no CUDA device was found", result.StdErr, StringComparison.Ordinal);
    }
}
