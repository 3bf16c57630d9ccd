namespace Flock.Environments.Tests.Vector;

/// <summary>
/// Rows as long as a MinAtar board: <see cref="VectorEnv"/> copies them and checks them for NaN and infinity a
/// vector at a time (short rows element by element), so a bad value in any lane or in the tail must still fault.
/// </summary>
public sealed class VectorEnvBoardRowTests
{
    private const int RowLength = 403; // 50 vectors of 8 lanes (or 25 of 16) and a tail of 3

    [Theory]
    [InlineData(0, float.NaN)]
    [InlineData(7, float.PositiveInfinity)]
    [InlineData(200, float.NegativeInfinity)]
    [InlineData(399, float.NaN)]
    [InlineData(402, float.PositiveInfinity)]
    public void A_non_finite_value_anywhere_in_a_long_row_faults(int index, float value)
    {
        using var vector = new VectorEnv("Board-v0", () => new BoardEnvironment(), 2);
        ((BoardEnvironment)vector.Environment(1)).Poison = (index, value);
        vector.Reset(1);
        var fault = Assert.Throws<EnvironmentFaultException>(() => vector.Step([0, 0]));
        Assert.Equal(1, fault.EnvIndex);
        Assert.Equal(EnvironmentFaultKind.NonFiniteObservation, fault.Kind);
        Assert.Contains($"observation[{index}]", fault.Message);
        Assert.Equal([false, true], vector.Faulted.ToArray());
    }

    [Fact]
    public void A_long_row_is_copied_whole_into_the_observation_to_act_on()
    {
        using var vector = new VectorEnv("Board-v0", () => new BoardEnvironment(), 3);
        vector.Reset(1);
        vector.Step([0, 1, 0]);
        vector.Step([1, 1, 0]);
        for (var i = 0; i < vector.Count; i++)
        {
            Assert.Equal(vector.FinalObservation(i).ToArray(), vector.Observation(i).ToArray());
            Assert.Equal(BoardEnvironment.Expected(vector.RunningLengths[i], i == 0 ? 1 : i == 1 ? 2 : 0), vector.Observation(i).ToArray());
        }
    }

    /// <summary>Writes a row of distinct finite values from its step count and action sum; never ends an episode.</summary>
    private sealed class BoardEnvironment : IEnvironment
    {
        private int _steps;
        private int _actionSum;

        public (int Index, float Value)? Poison { get; set; }

        public Box ObservationSpace { get; } = Box.Vector(RowLength, float.NegativeInfinity, float.PositiveInfinity);

        public Discrete ActionSpace { get; } = new(2);

        public static float[] Expected(int steps, int actionSum)
        {
            var row = new float[RowLength];
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = (steps * 1000) + (actionSum * 100) + j;
            }

            return row;
        }

        public void Reset(Span<float> observation, ulong? seed = null)
        {
            _steps = 0;
            _actionSum = 0;
            Expected(0, 0).CopyTo(observation);
        }

        public StepResult Step(int action, Span<float> observation)
        {
            _steps++;
            _actionSum += action;
            Expected(_steps, _actionSum).CopyTo(observation);
            if (Poison is { } poison)
            {
                observation[poison.Index] = poison.Value;
            }

            return new StepResult(1f, false, false);
        }
    }
}
