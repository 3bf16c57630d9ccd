namespace Flock.Environments;

/// <summary>
/// One MinAtar game's rules, ported from MinAtar's <c>minatar/environments/*.py</c> (commit 4241f24) with the
/// same order of random draws. The <see cref="MinAtarEnvironment"/> wrapper adds sticky actions and the
/// <see cref="IEnvironment"/> surface; a game only knows the full action set.
/// </summary>
internal abstract class MinAtarGame(NumpyRandomState random)
{
    /// <summary>MinAtar's full action set, in its order: <c>n l u r d f</c>.</summary>
    public const int NoOp = 0;
    public const int Left = 1;
    public const int Up = 2;
    public const int Right = 3;
    public const int Down = 4;
    public const int Fire = 5;

    /// <summary>The generator every draw comes from, shared with the wrapper's sticky-action draw.</summary>
    protected NumpyRandomState Random { get; } = random;

    public abstract int Channels { get; }

    /// <summary>The game's <c>minimal_action_set()</c>, as indices into the full action set.</summary>
    public abstract ReadOnlySpan<int> MinimalActions { get; }

    /// <summary>Starts a new episode (the game's <c>reset()</c>, drawing what it draws).</summary>
    public abstract void Reset();

    /// <summary>The game's <c>act(a)</c> with a full-set action: the reward and whether the episode is over.</summary>
    public abstract (float Reward, bool Terminal) Act(int action);

    /// <summary>Sets the true cells of <c>state()</c> in <paramref name="board"/>, which the caller has cleared.</summary>
    public abstract void Draw(MinAtarBoard board);
}
