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
    /// MinAtar's own DQN step size. Asterix gets it: at the default 1e-3 its rare early rewards (under 1% of steps)
    /// let a few large Adam steps kill the hidden ReLUs; the gradient fell ~100× and the greedy return stayed at
    /// random play for 3.1 M frames (seed 1), where 2.5e-4 reached the threshold at 1.55 M frames.
    /// </summary>
    public const string SlowLearningRate = "2.5e-4";

    /// <summary>One game: its ids, solve threshold, listing line and run defaults.</summary>
    /// <param name="Kind">Which game.</param>
    /// <param name="Name">The name in its ids (<c>MinAtar/Name-v0</c>).</param>
    /// <param name="Summary">What the player does, for listings.</param>
    /// <param name="SolveThreshold">The MinAtar paper's DQN return at 5 M frames (Young and Tian 2019, figure of learning curves).</param>
    /// <param name="LearningRate">The game's own default learning rate, where Flock's 1e-3 does not learn it; else none.</param>
    public sealed record Game(MinAtarGameKind Kind, string Name, double SolveThreshold, string Summary, string? LearningRate = null)
    {
        public string Id => $"MinAtar/{Name}-v0";

        public string MinimalId => $"MinAtar/{Name}-v1";

        /// <summary>The run defaults of this game's ids: <see cref="MinAtarGames.Preset"/> and the game's learning rate.</summary>
        public IReadOnlyDictionary<string, string> Preset { get; } = LearningRate is null
            ? MinAtarGames.Preset
            : new Dictionary<string, string>(MinAtarGames.Preset, StringComparer.Ordinal) { ["learning-rate"] = LearningRate };
    }

    public static IReadOnlyList<Game> All { get; } =
    [
        new(MinAtarGameKind.Breakout, "Breakout", 10, "bounce a ball into bricks"),
        new(MinAtarGameKind.Freeway, "Freeway", 50, "cross eight lanes of traffic"),
        new(MinAtarGameKind.Asterix, "Asterix", 17, "collect gold, dodge enemies", SlowLearningRate),
        new(MinAtarGameKind.Seaquest, "Seaquest", 20, "shoot, rescue divers, surface for oxygen"),
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
