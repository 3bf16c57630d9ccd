using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flock.Actors.Tests.Doctor.Support;
using Flock.Learner.Gpu;

namespace Flock.Actors.Tests.Cli;

/// <summary>The learner's <c>--device</c> and <c>flockrl devices</c>, through the real <c>flockrl</c>, on a machine with or (as in CI) without a GPU.</summary>
public sealed class DeviceCommandTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private readonly string _root = Directory.CreateTempSubdirectory("flock-device-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_bogus_device_is_bad_usage_naming_the_allowed_values()
    {
        var dir = Path.Combine(_root, "never");
        var result = await FlockProcess.RunAsync(Generous, "train", "--device", "bogus", "--out", dir);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--device bogus: 'bogus' is not one of auto, cpu, cuda, ilgpu-cpu", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Device_cuda_without_a_CUDA_device_exits_2_before_any_run_directory_is_made()
    {
        if (ComputeDevices.FindCuda().Count > 0)
        {
            // This machine has a GPU: --device cuda is honoured here, and there is nothing to refuse.
            return;
        }

        foreach (var command in new[] { "train", "learner" })
        {
            var dir = Path.Combine(_root, $"never-{command}");
            var result = await FlockProcess.RunAsync(Generous, command, "--device", "cuda", "--max-env-steps", "1000", "--out", dir, "--no-progress");

            Assert.True(result.ExitCode == 2, $"{command}: {result}");
            Assert.Contains("flockrl: --device cuda: no CUDA device was found (looked for " + ComputeDevices.WhatIsLookedFor, result.StdErr, StringComparison.Ordinal);
            Assert.Contains("use --device cpu or auto", result.StdErr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dir), $"{command} made {dir}");
        }
    }

    [Fact]
    public async Task A_cpu_run_says_so_and_records_its_device_in_summary_and_config()
    {
        var dir = Path.Combine(_root, "cpu");
        var result = await FlockProcess.RunAsync(Generous, "train", "--device", "cpu", "--max-env-steps", "2000", "--out", dir, "--json", "--no-progress");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(", learner on cpu; run directory", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("cpu", JsonDocument.Parse(result.LastLine).RootElement.GetProperty("device").GetString());
        Assert.Equal("cpu", JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "summary.json"))).RootElement.GetProperty("device").GetString());
        Assert.Equal("cpu", JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "config.json"))).RootElement.GetProperty("device").GetString());

        var doctor = await FlockProcess.RunAsync(Generous, "doctor", dir, "--json");
        Assert.True(doctor.ExitCode == 0, doctor.ToString());
        Assert.Equal("cpu", JsonDocument.Parse(doctor.LastLine).RootElement.GetProperty("device").GetString());
        Assert.Contains("; learner on cpu", Regex.Replace(doctor.StdErr, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_lists_the_cpu_and_every_CUDA_device_or_says_none_was_found()
    {
        var result = await FlockProcess.RunAsync(Generous, "devices", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.LastLine).RootElement;
        var cpu = json.GetProperty("cpu");
        Assert.Equal("cpu", cpu.GetProperty("label").GetString());
        Assert.True(cpu.GetProperty("cores").GetInt32() >= 1, result.LastLine);
        Assert.Equal(ComputeDevices.WhatIsLookedFor, json.GetProperty("looked_for").GetString());
        var cuda = json.GetProperty("cuda").EnumerateArray().ToArray();
        Assert.Equal(ComputeDevices.FindCuda().Count, cuda.Length);
        for (var i = 0; i < cuda.Length; i++)
        {
            Assert.Equal(i, cuda[i].GetProperty("index").GetInt32());
            Assert.StartsWith($"cuda:{i} (", cuda[i].GetProperty("label").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(cuda[i].GetProperty("name").GetString()));
            Assert.True(cuda[i].GetProperty("memory_gib").GetDouble() > 0, result.LastLine);
        }

        Assert.Equal(cuda.Length > 0 ? cuda[0].GetProperty("label").GetString() : "cpu", json.GetProperty("auto").GetString());

        var text = await FlockProcess.RunAsync(Generous, "devices");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("cpu ", text.StdOut, StringComparison.Ordinal);
        if (cuda.Length == 0)
        {
            Assert.Contains($"no CUDA device found (looked for {ComputeDevices.WhatIsLookedFor}: {ComputeDevices.CudaProbeProblem})", text.StdOut, StringComparison.Ordinal);
        }

        Assert.Contains("ilgpu-cpu  ILGPU CPU accelerator", text.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_and_report_read_a_run_from_before_the_device_was_recorded()
    {
        var dir = RecordedRun.Write(Path.Combine(_root, "old"), LearningCurve.Rows(), summary: RecordedRun.Summary(solved: false));
        foreach (var file in new[] { "config.json", "summary.json" })
        {
            var path = Path.Combine(dir, file);
            var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
            json.Remove("device");
            await File.WriteAllTextAsync(path, json.ToJsonString());
        }

        var doctor = await FlockProcess.RunAsync(Generous, "doctor", dir, "--json");
        Assert.True(doctor.ExitCode == 0, doctor.ToString());
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(doctor.LastLine).RootElement.GetProperty("device").ValueKind);
        Assert.DoesNotContain("learner on", doctor.StdErr, StringComparison.Ordinal);

        var report = await FlockProcess.RunAsync(Generous, "report", dir);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.DoesNotContain("learner device", await File.ReadAllTextAsync(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
    }
}
