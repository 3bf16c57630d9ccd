using Flock.Learner.Networks;
using Flock.Learner.Optimization;
using Flock.Shared.Networks;

namespace Flock.Learner.Dqn;

/// <summary>
/// Everything the learner's update depends on besides the data. The discount γ is not here: n-step transitions
/// carry their own bootstrap factor γᵏ (see <see cref="NStep.NStepOptions"/>).
/// </summary>
public sealed record DqnOptions
{
    /// <summary>
    /// Widths of the ReLU hidden layers. Two layers of 256: enough for classic-control and small vector
    /// observations, and the size the learner benchmark is measured on.
    /// </summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [256, 256];

    /// <summary>Convolutions before the hidden layers (<see cref="NetworkArchitecture"/>); none by default (an MLP).</summary>
    public IReadOnlyList<ConvolutionLayer> Convolutions { get; init; } = [];

    /// <summary>The observation's shape (height, width, channels, HWC) that convolutions read; needed only with convolutions.</summary>
    public IReadOnlyList<int>? ObservationShape { get; init; }

    /// <summary>Dueling head (value + advantage − mean advantage). On by default: Ape-X's network is dueling.</summary>
    public bool Dueling { get; init; } = true;

    /// <summary>
    /// Double DQN (van Hasselt et al. 2016): the online network picks the bootstrap action and the target network
    /// values it, which removes most of Q-learning's overestimation. On by default, as in Ape-X.
    /// </summary>
    public bool DoubleDqn { get; init; } = true;

    /// <summary>Huber by default (DQN, Ape-X, CleanRL): robust to large TD errors early in training.</summary>
    public LossKind Loss { get; init; } = LossKind.Huber;

    /// <summary>Learning rate and how it decays; constant 2.5e-4 by default.</summary>
    public LearningRateSchedule LearningRate { get; init; } = new();

    /// <summary>Adam's β₁, β₂, ε; PyTorch's defaults.</summary>
    public AdamOptions Adam { get; init; } = new();

    /// <summary>
    /// Largest global gradient norm; larger gradients are scaled down to it. 10: the dueling-network paper's value,
    /// also used by many Ape-X reimplementations (the Atari paper used 40 with RMSProp). Zero or less turns clipping off.
    /// </summary>
    public float GradientClipNorm { get; init; } = 10f;

    /// <summary>
    /// Updates between copies of the online network into the target network. 2500: Ape-X's interval (its learner
    /// runs ~19 updates/s per 50 env steps/s per actor); smaller problems learn faster with 500.
    /// </summary>
    public int TargetUpdateInterval { get; init; } = 2500;

    /// <summary>
    /// Cores a single large matrix product may use in the learner. 1: the learner shares the machine with actors,
    /// which parallelise far better than one small network does.
    /// </summary>
    public int DegreeOfParallelism { get; init; } = 1;

    /// <summary>Seed of the initial weights.</summary>
    public ulong Seed { get; init; }

    /// <summary>The network these options describe, for an environment's observation size and action count.</summary>
    /// <exception cref="ArgumentException">Convolutions without an <see cref="ObservationShape"/> of <paramref name="obsDim"/> floats.</exception>
    public QNetworkSpec NetworkSpec(int obsDim, int actionCount)
    {
        if (Convolutions.Count == 0)
        {
            return new(obsDim, actionCount, HiddenSizes, Dueling);
        }

        if (ObservationShape is null || ObservationShape.Aggregate(1, (a, b) => a * b) != obsDim)
        {
            throw new ArgumentException(
                $"convolutions need the observation's shape (height, width, channels) of {obsDim} floats; got {(ObservationShape is null ? "none" : $"({string.Join(", ", ObservationShape)})")}");
        }

        return new(ObservationShape, actionCount, new NetworkArchitecture(Convolutions, HiddenSizes), Dueling);
    }

    /// <summary>Throws when a value cannot work, naming it.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenSizes);
        ArgumentNullException.ThrowIfNull(LearningRate);
        ArgumentNullException.ThrowIfNull(Adam);
        if (HiddenSizes.Any(size => size < 1))
        {
            throw new ArgumentException($"hidden sizes must be positive, got [{string.Join(", ", HiddenSizes)}]");
        }

        if (TargetUpdateInterval < 1)
        {
            throw new ArgumentException($"target update interval must be at least 1, got {TargetUpdateInterval}");
        }

        if (DegreeOfParallelism < 1)
        {
            throw new ArgumentException($"degree of parallelism must be at least 1, got {DegreeOfParallelism}");
        }

        if (!(LearningRate.Initial > 0))
        {
            throw new ArgumentException($"learning rate must be positive, got {LearningRate.Initial}");
        }
    }
}
