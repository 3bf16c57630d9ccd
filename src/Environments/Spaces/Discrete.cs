using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Flock.Environments;

/// <summary>A finite set of actions 0 .. <see cref="N"/>-1, like Gymnasium's <c>Discrete(n)</c> with start 0.</summary>
public sealed class Discrete : IEquatable<Discrete>
{
    public Discrete(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        N = n;
    }

    /// <summary>Number of actions.</summary>
    public int N { get; }

    public bool Contains(int action) => (uint)action < (uint)N;

    /// <summary>Throws when <paramref name="action"/> is not in the space; cheap enough for every step.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Names the action and the space.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Validate(int action)
    {
        if ((uint)action >= (uint)N)
        {
            ThrowOutside(action, N);
        }
    }

    /// <summary>The message every action check uses: "action 3 is outside Discrete(2): allowed 0..1".</summary>
    public static string OutsideMessage(int action, int n) =>
        $"action {action} is outside Discrete({n}): allowed 0..{n - 1}";

    /// <summary>Kept out of line so the callers' hot paths stay small.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowOutside(int action, int n) =>
        throw new ArgumentOutOfRangeException(nameof(action), action, OutsideMessage(action, n));

    public bool Equals(Discrete? other) => other is not null && other.N == N;

    public override bool Equals(object? obj) => Equals(obj as Discrete);

    public override int GetHashCode() => N;

    public override string ToString() => $"Discrete({N})";
}
