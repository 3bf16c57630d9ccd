using System.Text.Json;

namespace Flock.Environments.Tests.Parity;

/// <summary>One reference file: an environment and its recorded Gymnasium trajectories (see the file's "format").</summary>
internal sealed record ReferenceFile(
    string EnvId,
    string GymnasiumVersion,
    int MaxEpisodeSteps,
    IReadOnlyList<ReferenceTrajectory> Trajectories)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static ReferenceFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<ReferenceFile>(stream, Options)
            ?? throw new InvalidDataException($"{path} holds no JSON object.");
    }
}

/// <summary>One recorded episode; the per-step arrays all have one element per step.</summary>
internal sealed record ReferenceTrajectory(
    long Seed,
    string Policy,
    double[] InitialState,
    double[] InitialObservation,
    int[] Actions,
    double[][] Observations,
    double[] Rewards,
    bool[] Terminated,
    bool[] Truncated,
    double[][] States);
