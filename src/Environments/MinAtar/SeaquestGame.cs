namespace Flock.Environments;

/// <summary>
/// MinAtar Seaquest: a two-cell submarine shoots fish and enemy subs (+1 each), rescues divers, and must
/// surface with a diver before its oxygen runs out; surfacing with six divers pays the remaining oxygen
/// (in tenths). Terminal when hit by a fish, sub or enemy bullet, out of oxygen, or surfacing with no diver.
/// Each surfacing ramps the difficulty. Channels: 0 sub front, 1 sub back, 2 friendly bullet, 3 trail,
/// 4 enemy bullet, 5 enemy fish, 6 enemy sub, 7 oxygen gauge, 8 diver gauge, 9 diver.
/// </summary>
/// <remarks>
/// MinAtar keeps its objects in Python lists that it walks in reverse while removing from them by value;
/// <see cref="PyObjectList"/> reproduces that, quirks included (a sub removed mid-loop still fires, surfacing
/// with six divers leaves the count at −1), since parity is step for step.
/// </remarks>
internal sealed class SeaquestGame : MinAtarGame
{
    private const int MaxOxygen = 200;
    private const int InitialSpawnSpeed = 20;
    private const int DiverSpawnSpeed = 30;
    private const int InitialMoveInterval = 5;
    private const int ShotCoolDown = 5;
    private const int EnemyShotInterval = 10;
    private const int DiverMoveInterval = 5;

    private static readonly int[] Minimal = [NoOp, Left, Up, Right, Down, Fire];

    private readonly bool _ramping;
    private readonly MinAtarObjectPool _pool = new();
    private readonly PyObjectList _friendlyBullets;
    private readonly PyObjectList _enemyBullets;
    private readonly PyObjectList _fish;
    private readonly PyObjectList _subs;
    private readonly PyObjectList _divers;
    private int _oxygen;
    private int _diverCount;
    private int _subX;
    private int _subY;
    private bool _subFacesRight;
    private int _enemySpawnSpeed;
    private int _enemySpawnTimer;
    private int _diverSpawnTimer;
    private int _moveSpeed;
    private int _rampIndex;
    private int _shotTimer;
    private bool _surface;
    private bool _terminal;

    public SeaquestGame(NumpyRandomState random, bool ramping)
        : base(random)
    {
        _ramping = ramping;
        _friendlyBullets = new PyObjectList(_pool);
        _enemyBullets = new PyObjectList(_pool);
        _fish = new PyObjectList(_pool);
        _subs = new PyObjectList(_pool);
        _divers = new PyObjectList(_pool);
    }

    public override int Channels => 10;

    public override ReadOnlySpan<int> MinimalActions => Minimal;

    public override void Reset()
    {
        _oxygen = MaxOxygen;
        _diverCount = 0;
        _subX = 5;
        _subY = 0;
        _subFacesRight = false;
        _friendlyBullets.Clear();
        _enemyBullets.Clear();
        _fish.Clear();
        _subs.Clear();
        _divers.Clear();
        _pool.Recycle();
        _enemySpawnSpeed = InitialSpawnSpeed;
        _enemySpawnTimer = _enemySpawnSpeed;
        _diverSpawnTimer = DiverSpawnSpeed;
        _moveSpeed = InitialMoveInterval;
        _rampIndex = 0;
        _shotTimer = 0;
        _surface = true;
        _terminal = false;
    }

    public override (float Reward, bool Terminal) Act(int action)
    {
        if (_terminal)
        {
            return (0, _terminal);
        }

        var reward = 0;
        if (_enemySpawnTimer == 0)
        {
            SpawnEnemy();
            _enemySpawnTimer = _enemySpawnSpeed;
        }

        if (_diverSpawnTimer == 0)
        {
            SpawnDiver();
            _diverSpawnTimer = DiverSpawnSpeed;
        }

        if (action == Fire && _shotTimer == 0)
        {
            _friendlyBullets.Append(_subX, _subY, _subFacesRight);
            _shotTimer = ShotCoolDown;
        }
        else if (action == Left)
        {
            _subX = Math.Max(0, _subX - 1);
            _subFacesRight = false;
        }
        else if (action == Right)
        {
            _subX = Math.Min(9, _subX + 1);
            _subFacesRight = true;
        }
        else if (action == Up)
        {
            _subY = Math.Max(0, _subY - 1);
        }
        else if (action == Down)
        {
            _subY = Math.Min(8, _subY + 1);
        }

        reward += MoveFriendlyBullets();
        MoveDivers();
        reward += MoveEnemies(_subs, shoots: true);
        MoveEnemyBullets();
        reward += MoveEnemies(_fish, shoots: false);

        _enemySpawnTimer -= _enemySpawnTimer > 0 ? 1 : 0;
        _diverSpawnTimer -= _diverSpawnTimer > 0 ? 1 : 0;
        _shotTimer -= _shotTimer > 0 ? 1 : 0;
        if (_oxygen < 0)
        {
            _terminal = true;
        }

        if (_subY > 0)
        {
            _oxygen--;
            _surface = false;
        }
        else if (!_surface)
        {
            if (_diverCount == 0)
            {
                _terminal = true;
            }
            else
            {
                reward += Surface();
            }
        }

        _pool.Recycle();
        return (reward, _terminal);
    }

    public override void Draw(MinAtarBoard board)
    {
        board.Set(_subY, _subX, 0);
        board.Set(_subY, _subFacesRight ? _subX - 1 : _subX + 1, 1);
        board.SetRowSlice(9, 0, FloorDivide(_oxygen * 10, MaxOxygen), 7);
        board.SetRowSlice(9, 9 - _diverCount, 9, 8);
        for (var i = 0; i < _friendlyBullets.Count; i++)
        {
            board.Set(_friendlyBullets[i].Y, _friendlyBullets[i].X, 2);
        }

        for (var i = 0; i < _enemyBullets.Count; i++)
        {
            board.Set(_enemyBullets[i].Y, _enemyBullets[i].X, 4);
        }

        DrawWithTrail(board, _fish, 5);
        DrawWithTrail(board, _subs, 6);
        DrawWithTrail(board, _divers, 9);
    }

    private static void DrawWithTrail(MinAtarBoard board, PyObjectList objects, int channel)
    {
        for (var i = 0; i < objects.Count; i++)
        {
            var item = objects[i];
            board.Set(item.Y, item.X, channel);
            var backX = item.Right ? item.X - 1 : item.X + 1;
            if (backX is >= 0 and <= 9)
            {
                board.Set(item.Y, backX, 3);
            }
        }
    }

    // Python's // on integers rounds toward negative infinity.
    private static int FloorDivide(int a, int b) => (int)Math.Floor((double)a / b);

    private static int Step(bool right) => right ? 1 : -1;

    private int MoveFriendlyBullets()
    {
        var reward = 0;
        for (var index = _friendlyBullets.Count - 1; index >= 0 && index < _friendlyBullets.Count; index--)
        {
            var bullet = _friendlyBullets[index];
            bullet.X += Step(bullet.Right);
            if (bullet.X is < 0 or > 9)
            {
                _friendlyBullets.Remove(bullet);
            }
            else if (HitFirst(bullet, _fish) || HitFirst(bullet, _subs))
            {
                reward++;
            }
        }

        return reward;
    }

    // The first enemy in `enemies` on the bullet's cell is removed with the bullet.
    private bool HitFirst(MinAtarObject bullet, PyObjectList enemies)
    {
        for (var i = 0; i < enemies.Count; i++)
        {
            if (enemies[i].At(bullet.X, bullet.Y))
            {
                enemies.Remove(enemies[i]);
                _friendlyBullets.Remove(bullet);
                return true;
            }
        }

        return false;
    }

    private void MoveDivers()
    {
        for (var index = _divers.Count - 1; index >= 0 && index < _divers.Count; index--)
        {
            var diver = _divers[index];
            if (diver.At(_subX, _subY) && _diverCount < 6)
            {
                _divers.Remove(diver);
                _diverCount++;
            }
            else if (diver.MoveTimer == 0)
            {
                diver.MoveTimer = DiverMoveInterval;
                diver.X += Step(diver.Right);
                if (diver.X is < 0 or > 9)
                {
                    _divers.Remove(diver);
                }
                else if (diver.At(_subX, _subY) && _diverCount < 6)
                {
                    _divers.Remove(diver);
                    _diverCount++;
                }
            }
            else
            {
                diver.MoveTimer--;
            }
        }
    }

    // Enemy subs and fish move alike; subs also fire every EnemyShotInterval steps, even one removed this step.
    private int MoveEnemies(PyObjectList enemies, bool shoots)
    {
        var reward = 0;
        for (var index = enemies.Count - 1; index >= 0 && index < enemies.Count; index--)
        {
            var enemy = enemies[index];
            if (enemy.At(_subX, _subY))
            {
                _terminal = true;
            }

            if (enemy.MoveTimer == 0)
            {
                enemy.MoveTimer = _moveSpeed;
                enemy.X += Step(enemy.Right);
                if (enemy.X is < 0 or > 9)
                {
                    enemies.Remove(enemy);
                }
                else if (enemy.At(_subX, _subY))
                {
                    _terminal = true;
                }
                else
                {
                    for (var i = 0; i < _friendlyBullets.Count; i++)
                    {
                        if (enemy.At(_friendlyBullets[i].X, _friendlyBullets[i].Y))
                        {
                            enemies.Remove(enemy);
                            _friendlyBullets.Remove(_friendlyBullets[i]);
                            reward++;
                            break;
                        }
                    }
                }
            }
            else
            {
                enemy.MoveTimer--;
            }

            if (!shoots)
            {
                continue;
            }

            if (enemy.ShotTimer == 0)
            {
                enemy.ShotTimer = EnemyShotInterval;
                _enemyBullets.Append(enemy.X, enemy.Y, enemy.Right);
            }
            else
            {
                enemy.ShotTimer--;
            }
        }

        return reward;
    }

    private void MoveEnemyBullets()
    {
        for (var index = _enemyBullets.Count - 1; index >= 0 && index < _enemyBullets.Count; index--)
        {
            var bullet = _enemyBullets[index];
            if (bullet.At(_subX, _subY))
            {
                _terminal = true;
            }

            bullet.X += Step(bullet.Right);
            if (bullet.X is < 0 or > 9)
            {
                _enemyBullets.Remove(bullet);
            }
            else if (bullet.At(_subX, _subY))
            {
                _terminal = true;
            }
        }
    }

    private int Surface()
    {
        _surface = true;
        int reward;
        if (_diverCount == 6)
        {
            _diverCount = 0;
            reward = FloorDivide(_oxygen * 10, MaxOxygen);
        }
        else
        {
            reward = 0;
        }

        _oxygen = MaxOxygen;
        _diverCount--;
        if (_ramping && (_enemySpawnSpeed > 1 || _moveSpeed > 2))
        {
            if (_moveSpeed > 2 && _rampIndex % 2 == 1)
            {
                _moveSpeed--;
            }

            if (_enemySpawnSpeed > 1)
            {
                _enemySpawnSpeed--;
            }

            _rampIndex++;
        }

        return reward;
    }

    // Direction, kind, then row 1–8; no spawn where it would meet an enemy going the other way in that row.
    private void SpawnEnemy()
    {
        var right = Random.RandomSample() < 1.0 / 2;
        var isSub = Random.RandomSample() < 1.0 / 3;
        var x = right ? 0 : 9;
        var y = (int)Random.RandInt(1, 9);
        if (Opposes(_subs, y, right) || Opposes(_fish, y, right))
        {
            return;
        }

        if (isSub)
        {
            _subs.Append(x, y, right, _moveSpeed, EnemyShotInterval);
        }
        else
        {
            _fish.Append(x, y, right, _moveSpeed);
        }
    }

    private static bool Opposes(PyObjectList enemies, int y, bool right)
    {
        for (var i = 0; i < enemies.Count; i++)
        {
            if (enemies[i].Y == y && enemies[i].Right != right)
            {
                return true;
            }
        }

        return false;
    }

    private void SpawnDiver()
    {
        var right = Random.RandomSample() < 1.0 / 2;
        var y = (int)Random.RandInt(1, 9);
        _divers.Append(right ? 0 : 9, y, right, DiverMoveInterval);
    }
}
