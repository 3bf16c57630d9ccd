namespace Flock.Learner.Optimization;

/// <summary>Regression loss between predicted Q(s, a) and its bootstrapped target.</summary>
public enum LossKind
{
    /// <summary>
    /// Smooth L1 with δ = 1 (PyTorch smooth_l1_loss, beta 1): ½x² for |x| &lt; 1, |x| − ½ beyond. Quadratic near
    /// zero, linear for large TD errors, so one bad target cannot blow up the gradient; DQN's standard choice.
    /// </summary>
    Huber,

    /// <summary>Squared error x² (PyTorch mse_loss, no ½), for comparison runs; sensitive to outlying targets.</summary>
    MeanSquared,
}
