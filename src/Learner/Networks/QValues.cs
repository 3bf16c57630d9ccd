namespace Flock.Learner.Networks;

/// <summary>Reading a row of Q-values.</summary>
public static class QValues
{
    /// <summary>Index of the largest value, the first one on ties (as torch.argmax); NaNs never win.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        var bestValue = values[0];
        for (var a = 1; a < values.Length; a++)
        {
            if (values[a] > bestValue || float.IsNaN(bestValue))
            {
                best = a;
                bestValue = values[a];
            }
        }

        return best;
    }
}
