using System.Text.Json;

namespace Flock.Environments.Tests.MinAtar;

/// <summary>One file of MinAtar reference trajectories (protocol in the directory's README).</summary>
internal sealed record MinAtarReferenceFile(string Game, int NumActions, IReadOnlyList<MinAtarTrajectory> Trajectories)
{
    public static MinAtarReferenceFile Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var trajectories = root.GetProperty("trajectories").EnumerateArray().Select(t => new MinAtarTrajectory(
            t.GetProperty("seed").GetInt64(),
            [.. t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())],
            [.. t.GetProperty("actions").EnumerateArray().Select(e => e.GetInt32())],
            [.. t.GetProperty("rewards").EnumerateArray().Select(e => e.GetDouble())],
            [.. t.GetProperty("terminated").EnumerateArray().Select(e => e.GetBoolean())],
            [.. t.GetProperty("observations").EnumerateArray().Select(o => o.EnumerateArray().Select(e => e.GetInt32()).ToArray())]))
            .ToList();
        return new MinAtarReferenceFile(root.GetProperty("game").GetString()!, root.GetProperty("num_actions").GetInt32(), trajectories);
    }
}

/// <summary>
/// One trajectory: observations has one more entry than actions (the first is the state after reset), each the
/// sorted flat indices (y·10 + x)·C + c of the true cells.
/// </summary>
internal sealed record MinAtarTrajectory(
    long Seed, int[] Shape, int[] Actions, double[] Rewards, bool[] Terminated, int[][] Observations);
