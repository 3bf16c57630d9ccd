namespace Flock.Environments;

/// <summary>
/// The MinAtar registrations: <c>MinAtar/&lt;Game&gt;-v0</c> with the full six actions (as the MinAtar paper's
/// results) and <c>MinAtar/&lt;Game&gt;-v1</c> with the game's minimal action set, both with sticky actions 0.1 and
/// difficulty ramping, MinAtar's defaults.
/// </summary>
public static class MinAtarGames
{
    /// <summary>
    /// Episodes of a game that can go on for ever (a Breakout ball in a loop) are cut here, as a guard for the
    /// evaluator; MinAtar itself has no limit, and Freeway ends by its own clock after 2,501 steps.
    /// </summary>
    public const int GuardTimeLimit = 10_000;

    /// <summary>
    /// The run defaults every MinAtar game gets (a user's own value wins): MinAtar's own Q-network, one 3×3
    /// convolution of 16 filters and a 128-unit layer (Young and Tian 2019), instead of the classic-control MLP.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Preset { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["network"] = "conv16k3s1,fc128",
    };

    /// <summary>
    /// Adam's ε for the games whose networks stall at PyTorch's 1e-8 (Rainbow's 1.5e-4; MinAtar's own RMSprop uses
    /// 0.01). A weight of a sparse 0/1 channel, or of a unit that rarely fires, gets gradients of ~1e-6 or less once
    /// the importance weights (normalised by the replay's smallest priority) scale a batch down; at ε = 1e-8 Adam
    /// divides them by their own tiny running size and moves the weight by about the whole learning rate on noise.
    /// Seaquest (seed 1) stayed at random play, greedy 0.47 after 1.0 M frames, where 1.5e-4 reached 5.3 at 0.8 M
    /// (1e-3: 0.62, 5e-5: 1.71 at 0.7 M frames, where 1.5e-4 had 4.3), and Asterix trains at the default learning
    /// rate with it instead of dying. Breakout, Freeway and Space Invaders keep 1e-8: with 1.5e-4 they were no faster
    /// or less sure (Space Invaders 50–54 s against 37–44 s; Freeway 47 and 59 s, but one seed of three found no
    /// reward for 1.1 M frames and missed the threshold in 600 s).
    /// </summary>
    public const string NoiseDampingAdamEpsilon = "1.5e-4";

    /// <summary>One game: its ids, solve threshold, listing line and run defaults.</summary>
    /// <param name="Kind">Which game.</param>
    /// <param name="Name">The name in its ids (<c>MinAtar/Name-v0</c>).</param>
    /// <param name="SolveThreshold">The MinAtar paper's DQN return at 5 M frames (Young and Tian 2019, figure of learning curves).</param>
    /// <param name="Summary">What the player does, for listings.</param>
    /// <param name="AdamEpsilon">The game's own Adam ε (<see cref="NoiseDampingAdamEpsilon"/>) where the default stalls it; else none.</param>
    public sealed record Game(MinAtarGameKind Kind, string Name, double SolveThreshold, string Summary, string? AdamEpsilon = null)
    {
        public string Id => $"MinAtar/{Name}-v0";

        public string MinimalId => $"MinAtar/{Name}-v1";

        /// <summary>The run defaults of this game's ids: <see cref="MinAtarGames.Preset"/> and the game's Adam ε.</summary>
        public IReadOnlyDictionary<string, string> Preset { get; } = AdamEpsilon is null
            ? MinAtarGames.Preset
            : new Dictionary<string, string>(MinAtarGames.Preset, StringComparer.Ordinal) { ["adam-epsilon"] = AdamEpsilon };
    }

    public static IReadOnlyList<Game> All { get; } =
    [
        new(MinAtarGameKind.Breakout, "Breakout", 10, "bounce a ball into bricks"),
        new(MinAtarGameKind.Freeway, "Freeway", 50, "cross eight lanes of traffic"),
        new(MinAtarGameKind.Asterix, "Asterix", 17, "collect gold, dodge enemies", NoiseDampingAdamEpsilon),
        new(MinAtarGameKind.Seaquest, "Seaquest", 20, "shoot, rescue divers, surface for oxygen", NoiseDampingAdamEpsilon),
        new(MinAtarGameKind.SpaceInvaders, "SpaceInvaders", 43, "shoot a marching block of aliens"),
    ];

    /// <summary>True for the MinAtar ids (<c>MinAtar/…</c>).</summary>
    public static bool IsMinAtar(string envId) => envId.StartsWith("MinAtar/", StringComparison.Ordinal);

    public static IEnumerable<EnvRegistration> CreateRegistrations()
    {
        foreach (var game in All)
        {
            var timeLimit = game.Kind == MinAtarGameKind.Freeway ? (int?)null : GuardTimeLimit;
            yield return new EnvRegistration(
                game.Id, () => new MinAtarEnvironment(game.Kind), game.SolveThreshold, timeLimit,
                $"MinAtar {game.Name}: {game.Summary} (10x10 board, 6 actions, sticky 0.1)", game.Preset);
            yield return new EnvRegistration(
                game.MinimalId, () => new MinAtarEnvironment(game.Kind, minimalActionSet: true), game.SolveThreshold, timeLimit,
                $"MinAtar {game.Name}: {game.Summary} (10x10 board, minimal action set, sticky 0.1)", game.Preset);
        }
    }
}
