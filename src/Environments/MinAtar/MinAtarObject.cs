namespace Flock.Environments;

/// <summary>One object of a MinAtar game list; fields a kind does not have stay 0, so value equality is Python's.</summary>
internal sealed class MinAtarObject
{
    public int X;
    public int Y;
    public bool Right;
    public int MoveTimer;
    public int ShotTimer;

    public bool ValueEquals(MinAtarObject other) =>
        X == other.X && Y == other.Y && Right == other.Right && MoveTimer == other.MoveTimer && ShotTimer == other.ShotTimer;

    /// <summary>Python's <c>obj[0:2] == [x, y]</c>.</summary>
    public bool At(int x, int y) => X == x && Y == y;
}
