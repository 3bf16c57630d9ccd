namespace Flock.Environments;

/// <summary>
/// MinAtar Freeway: a chicken in column 4 crosses eight lanes of cars, moving at most every third step; +1 for
/// reaching the top (back to the bottom, car speeds re-drawn), sent back to the bottom when hit; terminal
/// after 2,500 steps (the 2,501st step reports it). Channels: 0 chicken, 1 car, 2–6 the car's trail, one
/// channel per speed (a car moves every 1 to 5 steps). No difficulty ramp.
/// </summary>
internal sealed class FreewayGame(NumpyRandomState random) : MinAtarGame(random)
{
    private const int PlayerSpeed = 3;
    private const int TimeLimit = 2500;
    private const int Lanes = 8;

    private static readonly int[] Minimal = [NoOp, Up, Down];

    // Per car: x, y (lane + 1), the countdown to its next move, and its signed speed (sign = direction).
    private readonly int[] _carX = new int[Lanes];
    private readonly int[] _carY = new int[Lanes];
    private readonly int[] _carTimer = new int[Lanes];
    private readonly int[] _carSpeed = new int[Lanes];
    private readonly long[] _speeds = new long[Lanes];
    private readonly double[] _directions = new double[Lanes];
    private int _position;
    private int _moveTimer;
    private int _terminateTimer;
    private bool _terminal;

    public override int Channels => 7;

    public override ReadOnlySpan<int> MinimalActions => Minimal;

    public override void Reset()
    {
        RandomizeCars(initialize: true);
        _position = 9;
        _moveTimer = PlayerSpeed;
        _terminateTimer = TimeLimit;
        _terminal = false;
    }

    public override (float Reward, bool Terminal) Act(int action)
    {
        var reward = 0f;
        if (_terminal)
        {
            return (reward, _terminal);
        }

        if (action == Up && _moveTimer == 0)
        {
            _moveTimer = PlayerSpeed;
            _position = Math.Max(0, _position - 1);
        }
        else if (action == Down && _moveTimer == 0)
        {
            _moveTimer = PlayerSpeed;
            _position = Math.Min(9, _position + 1);
        }

        if (_position == 0)
        {
            reward += 1;
            RandomizeCars(initialize: false);
            _position = 9;
        }

        for (var i = 0; i < Lanes; i++)
        {
            if (_carX[i] == 4 && _carY[i] == _position)
            {
                _position = 9;
            }

            if (_carTimer[i] == 0)
            {
                _carTimer[i] = Math.Abs(_carSpeed[i]);
                _carX[i] += _carSpeed[i] > 0 ? 1 : -1;
                if (_carX[i] < 0)
                {
                    _carX[i] = 9;
                }
                else if (_carX[i] > 9)
                {
                    _carX[i] = 0;
                }

                if (_carX[i] == 4 && _carY[i] == _position)
                {
                    _position = 9;
                }
            }
            else
            {
                _carTimer[i]--;
            }
        }

        if (_moveTimer > 0)
        {
            _moveTimer--;
        }

        _terminateTimer--;
        if (_terminateTimer < 0)
        {
            _terminal = true;
        }

        return (reward, _terminal);
    }

    public override void Draw(MinAtarBoard board)
    {
        board.Set(_position, 4, 0);
        for (var i = 0; i < Lanes; i++)
        {
            board.Set(_carY[i], _carX[i], 1);
            var backX = _carSpeed[i] > 0 ? _carX[i] - 1 : _carX[i] + 1;
            if (backX < 0)
            {
                backX = 9;
            }
            else if (backX > 9)
            {
                backX = 0;
            }

            // A speed of 0 (numpy's sign of exactly 0.5 - 0.5) has no trail channel in MinAtar either.
            var speed = Math.Abs(_carSpeed[i]);
            if (speed is >= 1 and <= 5)
            {
                board.Set(_carY[i], backX, 1 + speed);
            }
        }
    }

    // speeds = randint(1, 6, 8); directions = sign(rand(8) - 0.5); speeds *= directions
    private void RandomizeCars(bool initialize)
    {
        Random.RandInt(1, 6, _speeds);
        Random.RandomSample(_directions);
        for (var i = 0; i < Lanes; i++)
        {
            var speed = (int)_speeds[i] * Math.Sign(_directions[i] - 0.5);
            if (initialize)
            {
                _carX[i] = 0;
                _carY[i] = i + 1;
            }

            _carTimer[i] = Math.Abs(speed);
            _carSpeed[i] = speed;
        }
    }
}
