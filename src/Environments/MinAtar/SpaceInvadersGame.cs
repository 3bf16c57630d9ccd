namespace Flock.Environments;

/// <summary>
/// MinAtar Space Invaders: a cannon on the bottom row shoots up at a 4×6 block of aliens that marches
/// sideways and steps down at the edges, faster as fewer remain; the alien nearest the cannon shoots back.
/// +1 per alien, a new wave (faster with ramping) when all are gone, terminal when an alien or a bullet
/// reaches the cannon or the aliens reach the bottom. Channels: 0 cannon, 1 alien, 2 alien moving left,
/// 3 alien moving right, 4 friendly bullet, 5 enemy bullet. The game itself draws no random numbers.
/// </summary>
internal sealed class SpaceInvadersGame(NumpyRandomState random, bool ramping) : MinAtarGame(random)
{
    private const int Size = MinAtarBoard.Size;
    private const int ShotCoolDown = 5;
    private const int InitialEnemyMoveInterval = 12;
    private const int EnemyShotInterval = 10;

    private static readonly int[] Minimal = [NoOp, Left, Right, Fire];

    private readonly bool[] _friendlyBullets = new bool[Size * Size];
    private readonly bool[] _enemyBullets = new bool[Size * Size];
    private readonly bool[] _aliens = new bool[Size * Size];
    private readonly bool[] _scratch = new bool[Size * Size];
    private int _position;
    private int _alienDirection;
    private int _enemyMoveInterval;
    private int _alienMoveTimer;
    private int _alienShotTimer;
    private int _rampIndex;
    private int _shotTimer;
    private bool _terminal;

    public override int Channels => 6;

    public override ReadOnlySpan<int> MinimalActions => Minimal;

    public override void Reset()
    {
        _position = 5;
        Array.Clear(_friendlyBullets);
        Array.Clear(_enemyBullets);
        Array.Clear(_aliens);
        FillWave();
        _alienDirection = -1;
        _enemyMoveInterval = InitialEnemyMoveInterval;
        _alienMoveTimer = _enemyMoveInterval;
        _alienShotTimer = EnemyShotInterval;
        _rampIndex = 0;
        _shotTimer = 0;
        _terminal = false;
    }

    public override (float Reward, bool Terminal) Act(int action)
    {
        if (_terminal)
        {
            return (0, _terminal);
        }

        if (action == Fire && _shotTimer == 0)
        {
            _friendlyBullets[Index(9, _position)] = true;
            _shotTimer = ShotCoolDown;
        }
        else if (action == Left)
        {
            _position = Math.Max(0, _position - 1);
        }
        else if (action == Right)
        {
            _position = Math.Min(9, _position + 1);
        }

        // Friendly bullets rise a row (numpy.roll by -1 over rows, the wrapped row cleared); enemy bullets fall.
        RollRows(_friendlyBullets, -1);
        _friendlyBullets.AsSpan(Index(9, 0), Size).Clear();
        RollRows(_enemyBullets, 1);
        _enemyBullets.AsSpan(0, Size).Clear();
        if (_enemyBullets[Index(9, _position)])
        {
            _terminal = true;
        }

        if (_aliens[Index(9, _position)])
        {
            _terminal = true;
        }

        if (_alienMoveTimer == 0)
        {
            _alienMoveTimer = Math.Min(Count(_aliens), _enemyMoveInterval);
            if ((ColumnHasAlien(0) && _alienDirection < 0) || (ColumnHasAlien(9) && _alienDirection > 0))
            {
                _alienDirection = -_alienDirection;
                if (_aliens.AsSpan(Index(9, 0), Size).Contains(true))
                {
                    _terminal = true;
                }

                RollRows(_aliens, 1);
            }
            else
            {
                RollColumns(_aliens, _alienDirection);
            }

            if (_aliens[Index(9, _position)])
            {
                _terminal = true;
            }
        }

        if (_alienShotTimer == 0)
        {
            _alienShotTimer = EnemyShotInterval;
            var (row, column) = NearestAlien(_position);
            _enemyBullets[Index(row, column)] = true;
        }

        var reward = 0;
        for (var i = 0; i < Size * Size; i++)
        {
            if (_aliens[i] && _friendlyBullets[i])
            {
                reward++;
                _aliens[i] = false;
                _friendlyBullets[i] = false;
            }
        }

        _shotTimer -= _shotTimer > 0 ? 1 : 0;
        _alienMoveTimer--;
        _alienShotTimer--;
        if (Count(_aliens) == 0)
        {
            if (_enemyMoveInterval > 6 && ramping)
            {
                _enemyMoveInterval--;
                _rampIndex++;
            }

            FillWave();
        }

        return (reward, _terminal);
    }

    public override void Draw(MinAtarBoard board)
    {
        board.Set(9, _position, 0);
        board.SetMap(_aliens, 1);
        board.SetMap(_aliens, _alienDirection < 0 ? 2 : 3);
        board.SetMap(_friendlyBullets, 4);
        board.SetMap(_enemyBullets, 5);
    }

    private static int Index(int row, int column) => (row * Size) + column;

    private static int Count(ReadOnlySpan<bool> map)
    {
        var count = 0;
        foreach (var cell in map)
        {
            count += cell ? 1 : 0;
        }

        return count;
    }

    private bool ColumnHasAlien(int column)
    {
        for (var row = 0; row < Size; row++)
        {
            if (_aliens[Index(row, column)])
            {
                return true;
            }
        }

        return false;
    }

    // alien_map[0:4, 2:8] = 1
    private void FillWave()
    {
        for (var row = 0; row < 4; row++)
        {
            _aliens.AsSpan(Index(row, 2), 6).Fill(true);
        }
    }

    // The lowest alien of the nearest column holding one; equal distances prefer the lower column index.
    private (int Row, int Column) NearestAlien(int position)
    {
        for (var distance = 0; distance < Size; distance++)
        {
            foreach (var column in (ReadOnlySpan<int>)[position - distance, position + distance])
            {
                if (column is < 0 or >= Size)
                {
                    continue;
                }

                for (var row = Size - 1; row >= 0; row--)
                {
                    if (_aliens[Index(row, column)])
                    {
                        return (row, column);
                    }
                }
            }
        }

        // MinAtar would fail here too (a shot with no alien); a wave is refilled before that can happen.
        throw new InvalidOperationException("Space Invaders: no alien left to shoot.");
    }

    // numpy.roll(map, shift, axis=0): row r moves to row (r + shift) mod 10.
    private void RollRows(bool[] map, int shift)
    {
        for (var row = 0; row < Size; row++)
        {
            map.AsSpan(Index(row, 0), Size).CopyTo(_scratch.AsSpan(Index((row + shift + Size) % Size, 0), Size));
        }

        _scratch.CopyTo(map, 0);
    }

    // numpy.roll(map, shift, axis=1): column c moves to column (c + shift) mod 10.
    private void RollColumns(bool[] map, int shift)
    {
        for (var row = 0; row < Size; row++)
        {
            for (var column = 0; column < Size; column++)
            {
                _scratch[Index(row, (column + shift + Size) % Size)] = map[Index(row, column)];
            }
        }

        _scratch.CopyTo(map, 0);
    }
}
