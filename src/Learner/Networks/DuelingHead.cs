namespace Flock.Learner.Networks;

/// <summary>
/// Dueling aggregation (Wang et al. 2016): the head's row is [V, A₁ … A_n] and Q_a = V + A_a − mean(A). Subtracting
/// the mean (rather than the max) is the paper's choice: it makes V and A identifiable and keeps the gradient smooth.
/// </summary>
public static class DuelingHead
{
    /// <summary>Q from head rows of <c>actions + 1</c> floats; <paramref name="q"/> has <paramref name="actions"/> floats per row.</summary>
    public static void Aggregate(ReadOnlySpan<float> head, int rows, int actions, Span<float> q)
    {
        var width = actions + 1;
        for (var i = 0; i < rows; i++)
        {
            var row = head.Slice(i * width, width);
            var advantages = row[1..];
            var mean = 0f;
            foreach (var advantage in advantages)
            {
                mean += advantage;
            }

            mean /= actions;
            var value = row[0];
            var qRow = q.Slice(i * actions, actions);
            for (var a = 0; a < actions; a++)
            {
                qRow[a] = value + (advantages[a] - mean);
            }
        }
    }

    /// <summary>
    /// Gradient with respect to the head row from the gradient with respect to Q: ∂/∂V = Σ_a ∂Q_a and
    /// ∂/∂A_a = ∂Q_a − mean(∂Q), because every Q_a depends on V once and on each advantage through the mean.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> qGradient, int rows, int actions, Span<float> headGradient)
    {
        var width = actions + 1;
        for (var i = 0; i < rows; i++)
        {
            var gq = qGradient.Slice(i * actions, actions);
            var sum = 0f;
            foreach (var g in gq)
            {
                sum += g;
            }

            var mean = sum / actions;
            var gh = headGradient.Slice(i * width, width);
            gh[0] = sum;
            for (var a = 0; a < actions; a++)
            {
                gh[a + 1] = gq[a] - mean;
            }
        }
    }
}
