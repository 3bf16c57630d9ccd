namespace Flock.Environments;

/// <summary>
/// MinAtar Asterix: the player moves freely in rows 1–8 while enemies and gold enter from the sides, one per
/// row; +1 per gold picked up, terminal on touching an enemy. Difficulty ramping speeds up spawning and
/// movement every 100 steps. Channels: 0 player, 1 enemy, 2 trail (the cell behind an entity), 3 gold.
/// </summary>
internal sealed class AsterixGame(NumpyRandomState random, bool ramping) : MinAtarGame(random)
{
    private const int RampInterval = 100;
    private const int InitialSpawnSpeed = 10;
    private const int InitialMoveInterval = 5;
    private const int Slots = 8;

    private static readonly int[] Minimal = [NoOp, Left, Up, Right, Down];

    // One entity per slot (row slot + 1): alive, x, moving right, gold.
    private readonly bool[] _alive = new bool[Slots];
    private readonly int[] _x = new int[Slots];
    private readonly bool[] _movesRight = new bool[Slots];
    private readonly bool[] _gold = new bool[Slots];
    private readonly int[] _freeSlots = new int[Slots];
    private int _playerX;
    private int _playerY;
    private int _spawnSpeed;
    private int _spawnTimer;
    private int _moveSpeed;
    private int _moveTimer;
    private int _rampTimer;
    private int _rampIndex;
    private bool _terminal;

    public override int Channels => 4;

    public override ReadOnlySpan<int> MinimalActions => Minimal;

    public override void Reset()
    {
        _playerX = 5;
        _playerY = 5;
        Array.Clear(_alive);
        _spawnSpeed = InitialSpawnSpeed;
        _spawnTimer = _spawnSpeed;
        _moveSpeed = InitialMoveInterval;
        _moveTimer = _moveSpeed;
        _rampTimer = RampInterval;
        _rampIndex = 0;
        _terminal = false;
    }

    public override (float Reward, bool Terminal) Act(int action)
    {
        var reward = 0f;
        if (_terminal)
        {
            return (reward, _terminal);
        }

        if (_spawnTimer == 0)
        {
            SpawnEntity();
            _spawnTimer = _spawnSpeed;
        }

        switch (action)
        {
            case Left: _playerX = Math.Max(0, _playerX - 1); break;
            case Right: _playerX = Math.Min(9, _playerX + 1); break;
            case Up: _playerY = Math.Max(1, _playerY - 1); break;
            case Down: _playerY = Math.Min(8, _playerY + 1); break;
        }

        for (var i = 0; i < Slots; i++)
        {
            if (_alive[i] && _x[i] == _playerX && i + 1 == _playerY)
            {
                reward += Touch(i);
            }
        }

        if (_moveTimer == 0)
        {
            _moveTimer = _moveSpeed;
            for (var i = 0; i < Slots; i++)
            {
                if (!_alive[i])
                {
                    continue;
                }

                _x[i] += _movesRight[i] ? 1 : -1;
                if (_x[i] is < 0 or > 9)
                {
                    _alive[i] = false;
                }
                else if (_x[i] == _playerX && i + 1 == _playerY)
                {
                    reward += Touch(i);
                }
            }
        }

        _spawnTimer--;
        _moveTimer--;

        if (ramping && (_spawnSpeed > 1 || _moveSpeed > 1))
        {
            if (_rampTimer >= 0)
            {
                _rampTimer--;
            }
            else
            {
                if (_moveSpeed > 1 && _rampIndex % 2 == 1)
                {
                    _moveSpeed--;
                }

                if (_spawnSpeed > 1)
                {
                    _spawnSpeed--;
                }

                _rampIndex++;
                _rampTimer = RampInterval;
            }
        }

        return (reward, _terminal);
    }

    public override void Draw(MinAtarBoard board)
    {
        board.Set(_playerY, _playerX, 0);
        for (var i = 0; i < Slots; i++)
        {
            if (!_alive[i])
            {
                continue;
            }

            board.Set(i + 1, _x[i], _gold[i] ? 3 : 1);
            var backX = _movesRight[i] ? _x[i] - 1 : _x[i] + 1;
            if (backX is >= 0 and <= 9)
            {
                board.Set(i + 1, backX, 2);
            }
        }
    }

    // Gold is collected (+1); an enemy ends the episode.
    private float Touch(int slot)
    {
        if (_gold[slot])
        {
            _alive[slot] = false;
            return 1;
        }

        _terminal = true;
        return 0;
    }

    // Direction and kind are drawn first, then a free slot (none free: nothing spawns, the draws are spent).
    private void SpawnEntity()
    {
        var movesRight = Random.RandomSample() < 1.0 / 2;
        var gold = Random.RandomSample() < 1.0 / 3;
        var free = 0;
        for (var i = 0; i < Slots; i++)
        {
            if (!_alive[i])
            {
                _freeSlots[free++] = i;
            }
        }

        if (free == 0)
        {
            return;
        }

        var slot = _freeSlots[(int)Random.RandInt(free)];
        _alive[slot] = true;
        _x[slot] = movesRight ? 0 : 9;
        _movesRight[slot] = movesRight;
        _gold[slot] = gold;
    }
}
