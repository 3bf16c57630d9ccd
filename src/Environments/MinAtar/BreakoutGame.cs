namespace Flock.Environments;

/// <summary>
/// MinAtar Breakout: a paddle on the bottom row bounces a ball that travels on diagonals into three rows of
/// bricks; +1 per brick, a new wall when all are gone, terminal when the ball reaches the bottom past the
/// paddle. Channels: 0 paddle, 1 ball, 2 trail (the ball's previous cell), 3 brick. No difficulty ramp.
/// </summary>
internal sealed class BreakoutGame(NumpyRandomState random) : MinAtarGame(random)
{
    private static readonly int[] Minimal = [NoOp, Left, Right];

    // Ball directions: 0 up-left, 1 up-right, 2 down-right, 3 down-left, and MinAtar's reflection tables.
    private static readonly int[] ReflectX = [1, 0, 3, 2];
    private static readonly int[] ReflectY = [3, 2, 1, 0];
    private static readonly int[] ReflectPaddleEdge = [2, 3, 0, 1];

    private readonly bool[] _bricks = new bool[MinAtarBoard.Size * MinAtarBoard.Size];
    private int _ballX;
    private int _ballY;
    private int _ballDirection;
    private int _paddle;
    private int _lastX;
    private int _lastY;
    private bool _strike;
    private bool _terminal;

    public override int Channels => 4;

    public override ReadOnlySpan<int> MinimalActions => Minimal;

    public override void Reset()
    {
        _ballY = 3;
        var ballStart = Random.RandInt(2);
        (_ballX, _ballDirection) = ballStart == 0 ? (0, 2) : (9, 3);
        _paddle = 4;
        Array.Clear(_bricks);
        FillBrickRows();
        _strike = false;
        _lastX = _ballX;
        _lastY = _ballY;
        _terminal = false;
    }

    public override (float Reward, bool Terminal) Act(int action)
    {
        var reward = 0f;
        if (_terminal)
        {
            return (reward, _terminal);
        }

        if (action == Left)
        {
            _paddle = Math.Max(0, _paddle - 1);
        }
        else if (action == Right)
        {
            _paddle = Math.Min(9, _paddle + 1);
        }

        _lastX = _ballX;
        _lastY = _ballY;
        var newX = _ballDirection is 1 or 2 ? _ballX + 1 : _ballX - 1;
        var newY = _ballDirection is 2 or 3 ? _ballY + 1 : _ballY - 1;

        var strikeToggle = false;
        if (newX is < 0 or > 9)
        {
            newX = Math.Clamp(newX, 0, 9);
            _ballDirection = ReflectX[_ballDirection];
        }

        if (newY < 0)
        {
            newY = 0;
            _ballDirection = ReflectY[_ballDirection];
        }
        else if (_bricks[(newY * MinAtarBoard.Size) + newX])
        {
            strikeToggle = true;
            if (!_strike)
            {
                reward += 1;
                _strike = true;
                _bricks[(newY * MinAtarBoard.Size) + newX] = false;
                newY = _lastY;
                _ballDirection = ReflectY[_ballDirection];
            }
        }
        else if (newY == 9)
        {
            if (Array.IndexOf(_bricks, true) < 0)
            {
                FillBrickRows();
            }

            if (_ballX == _paddle)
            {
                _ballDirection = ReflectY[_ballDirection];
                newY = _lastY;
            }
            else if (newX == _paddle)
            {
                _ballDirection = ReflectPaddleEdge[_ballDirection];
                newY = _lastY;
            }
            else
            {
                _terminal = true;
            }
        }

        if (!strikeToggle)
        {
            _strike = false;
        }

        _ballX = newX;
        _ballY = newY;
        return (reward, _terminal);
    }

    public override void Draw(MinAtarBoard board)
    {
        board.Set(_ballY, _ballX, 1);
        board.Set(9, _paddle, 0);
        board.Set(_lastY, _lastX, 2);
        board.SetMap(_bricks, 3);
    }

    // brick_map[1:4, :] = 1
    private void FillBrickRows() => _bricks.AsSpan(MinAtarBoard.Size, 3 * MinAtarBoard.Size).Fill(true);
}
