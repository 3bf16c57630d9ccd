namespace Flock.Environments;

/// <summary>
/// A MinAtar game (<c>MinAtar/Breakout-v0</c> …) as an <see cref="IEnvironment"/>, step for step MinAtar's own
/// <c>minatar.Environment</c> (commit 4241f24): one numpy <see cref="NumpyRandomState"/> feeds both the
/// sticky-action draw (one <c>rand()</c> before every step: below the sticky probability, the previous action
/// is repeated) and the game's own draws, in MinAtar's order, so a seed and a sequence of actions give
/// MinAtar's boards, rewards and terminals exactly.
/// </summary>
/// <remarks>
/// <para>Observation: a <see cref="Box"/> of shape (10, 10, C), values 0 or 1, laid out as MinAtar's
/// <c>state()</c>: row-major over (y, x, channel), HWC; cell (y, x, c) is element (y·10 + x)·C + c.</para>
/// <para>Seeding: <c>Reset(seed)</c> is MinAtar's <c>env.seed(seed); env.reset()</c> (seeds below 2^32 are
/// numpy integer seeds; larger ones seed by the array [low word, high word]) and also forgets the previous
/// action, as a fresh MinAtar environment starts with action 0. A reset without a seed continues the
/// generator and keeps the previous action, as MinAtar's <c>reset()</c> does.</para>
/// <para>Terminal steps are <see cref="StepResult.Terminated"/>, Freeway's own 2,500-step limit included (MinAtar
/// reports it as terminal); the registry adds a time limit only as a guard against endless episodes.</para>
/// </remarks>
public sealed class MinAtarEnvironment : IEnvironment
{
    /// <summary>MinAtar's default sticky-action probability.</summary>
    public const double DefaultStickyActionProbability = 0.1;

    /// <summary>MinAtar's full action set, in its order.</summary>
    public const int FullActionCount = 6;

    private readonly MinAtarGame _game;
    private readonly int[]? _actionSet;
    private readonly double _stickyActionProbability;
    private NumpyRandomState? _seeded;
    private int _lastAction;

    /// <param name="game">Which game.</param>
    /// <param name="minimalActionSet">
    /// False: the full six actions <c>n l u r d f</c> (the <c>-v0</c> ids, as MinAtar's paper results);
    /// true: the game's minimal set, in MinAtar's order (the <c>-v1</c> ids).
    /// </param>
    /// <param name="stickyActionProbability">Probability of repeating the previous action, in [0, 1].</param>
    /// <param name="difficultyRamping">MinAtar's difficulty ramping (on by default).</param>
    public MinAtarEnvironment(
        MinAtarGameKind game,
        bool minimalActionSet = false,
        double stickyActionProbability = DefaultStickyActionProbability,
        bool difficultyRamping = true)
    {
        if (!(stickyActionProbability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(stickyActionProbability), stickyActionProbability, "The sticky-action probability must be in [0, 1].");
        }

        Random = new NumpyRandomState(0);
        _game = game switch
        {
            MinAtarGameKind.Breakout => new BreakoutGame(Random),
            MinAtarGameKind.Freeway => new FreewayGame(Random),
            MinAtarGameKind.Asterix => new AsterixGame(Random, difficultyRamping),
            MinAtarGameKind.Seaquest => new SeaquestGame(Random, difficultyRamping),
            MinAtarGameKind.SpaceInvaders => new SpaceInvadersGame(Random, difficultyRamping),
            _ => throw new ArgumentOutOfRangeException(nameof(game), game, "Not a MinAtar game."),
        };
        Game = game;
        _actionSet = minimalActionSet ? _game.MinimalActions.ToArray() : null;
        _stickyActionProbability = stickyActionProbability;
        var channels = _game.Channels;
        ObservationSpace = Box.Binary([MinAtarBoard.Size, MinAtarBoard.Size, channels]);
        ActionSpace = new Discrete(_actionSet?.Length ?? FullActionCount);

        // A game is playable before any reset, as MinAtar's constructor resets it; seeded runs reset first anyway.
        _game.Reset();
    }

    public MinAtarGameKind Game { get; }

    /// <summary>Channels of the board (the last dimension of <see cref="ObservationSpace"/>).</summary>
    public int Channels => _game.Channels;

    public Box ObservationSpace { get; }

    public Discrete ActionSpace { get; }

    /// <summary>The generator shared by the sticky-action draw and the game.</summary>
    internal NumpyRandomState Random { get; }

    public void Reset(Span<float> observation, ulong? seed = null)
    {
        RequireRoom(observation);
        if (seed is { } value)
        {
            Random.Reseed(value);
            _lastAction = 0;
            _seeded = Random;
        }
        else if (_seeded is null)
        {
            Random.Reseed((ulong)System.Random.Shared.NextInt64());
            _seeded = Random;
        }

        _game.Reset();
        _game.Draw(new MinAtarBoard(observation, _game.Channels));
    }

    public StepResult Step(int action, Span<float> observation)
    {
        ActionSpace.Validate(action);
        RequireRoom(observation);
        var fullAction = _actionSet is null ? action : _actionSet[action];

        // Drawn on every step, as MinAtar draws it whatever the probability.
        if (Random.RandomSample() < _stickyActionProbability)
        {
            fullAction = _lastAction;
        }

        _lastAction = fullAction;
        var (reward, terminal) = _game.Act(fullAction);
        _game.Draw(new MinAtarBoard(observation, _game.Channels));
        return new StepResult(reward, terminal, false);
    }

    private void RequireRoom(Span<float> observation)
    {
        if (observation.Length < ObservationSpace.Size)
        {
            throw new ArgumentException(
                $"The observation span has {observation.Length} floats; MinAtar {Game} needs {ObservationSpace.Size} (10×10×{_game.Channels}).",
                nameof(observation));
        }
    }
}
