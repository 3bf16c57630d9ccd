using System.Globalization;
using System.Text;

namespace Flock.Environments.Tests.MinAtar;

/// <summary>
/// Replays every trajectory of every file in the MinAtar reference directory through Flock's registered
/// <c>MinAtar/&lt;Game&gt;-v0</c>, seeded as the reference was, and compares every step exactly: the board
/// (every cell, and every value 0 or 1), the reward and the terminal flag.
/// </summary>
public sealed class MinAtarParityTests
{
    // MinAtar's module names, as the reference files name their game.
    private static readonly Dictionary<string, MinAtarGameKind> Games = new(StringComparer.Ordinal)
    {
        ["breakout"] = MinAtarGameKind.Breakout,
        ["freeway"] = MinAtarGameKind.Freeway,
        ["asterix"] = MinAtarGameKind.Asterix,
        ["seaquest"] = MinAtarGameKind.Seaquest,
        ["space_invaders"] = MinAtarGameKind.SpaceInvaders,
    };

    [Fact]
    public void Every_reference_trajectory_is_reproduced_step_for_step()
    {
        var (directory, problem) = MinAtarReferenceDirectory.Locate();
        Assert.True(directory is not null, problem);

        var files = Directory.GetFiles(directory!, "*.json").Order(StringComparer.Ordinal).ToList();
        var replayed = new HashSet<MinAtarGameKind>();
        var mismatches = new StringBuilder();
        var trajectories = 0;
        var steps = 0;
        foreach (var path in files)
        {
            var file = MinAtarReferenceFile.Read(path);
            Assert.True(Games.TryGetValue(file.Game, out var kind), $"{path}: unknown game '{file.Game}'.");
            Assert.Equal(MinAtarEnvironment.FullActionCount, file.NumActions);
            Assert.True(file.Trajectories.Count > 0, $"{path} has no trajectories.");
            replayed.Add(kind);
            foreach (var trajectory in file.Trajectories)
            {
                trajectories++;
                steps += trajectory.Actions.Length;
                if (Replay(kind, trajectory) is { } mismatch)
                {
                    mismatches.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {mismatch}");
                }
            }
        }

        Assert.True(mismatches.Length == 0, $"Mismatches (first per trajectory, {trajectories} trajectories, {steps} steps):\n{mismatches}");

        // Deleting a file must not make the check pass by doing less.
        var missing = Enum.GetValues<MinAtarGameKind>().Where(g => !replayed.Contains(g)).ToList();
        Assert.True(missing.Count == 0, $"No reference file in {directory} for: {string.Join(", ", missing)}");
    }

    /// <summary>The first difference, with game, seed, step and values; null when every step matches.</summary>
    private static string? Replay(MinAtarGameKind kind, MinAtarTrajectory trajectory)
    {
        var id = MinAtarGames.All.Single(g => g.Kind == kind).Id;
        var environment = EnvRegistry.CreateWithBuiltIns().Get(id).Make();
        var shape = environment.ObservationSpace.Shape;
        if (!shape.SequenceEqual(trajectory.Shape))
        {
            return $"{id} seed {trajectory.Seed}: shape ({string.Join(", ", shape)}), reference ({string.Join(", ", trajectory.Shape)})";
        }

        var observation = new float[environment.ObservationSpace.Size];
        environment.Reset(observation, (ulong)trajectory.Seed);
        if (CompareBoard(observation, trajectory.Observations[0]) is { } initial)
        {
            return $"{id} seed {trajectory.Seed} after reset: {initial}";
        }

        for (var t = 0; t < trajectory.Actions.Length; t++)
        {
            var result = environment.Step(trajectory.Actions[t], observation);
            var at = $"{id} seed {trajectory.Seed} step {t + 1} (action {trajectory.Actions[t]})";
            if (CompareBoard(observation, trajectory.Observations[t + 1]) is { } board)
            {
                return $"{at}: {board}";
            }

            if (result.Reward != trajectory.Rewards[t])
            {
                return $"{at}: reward {result.Reward}, reference {trajectory.Rewards[t]}";
            }

            if (result.Terminated != trajectory.Terminated[t] || result.Truncated)
            {
                return $"{at}: terminated/truncated {result.Terminated}/{result.Truncated}, reference {trajectory.Terminated[t]}/False";
            }
        }

        return null;
    }

    private static string? CompareBoard(float[] observation, int[] expectedCells)
    {
        var cells = new List<int>();
        for (var i = 0; i < observation.Length; i++)
        {
            if (observation[i] == 1f)
            {
                cells.Add(i);
            }
            else if (observation[i] != 0f)
            {
                return $"cell {i} is {observation[i]}, not 0 or 1";
            }
        }

        if (cells.SequenceEqual(expectedCells))
        {
            return null;
        }

        var extra = cells.Except(expectedCells).ToList();
        var missing = expectedCells.Except(cells).ToList();
        return $"cells set but not in the reference [{string.Join(", ", extra)}], missing [{string.Join(", ", missing)}]";
    }
}
