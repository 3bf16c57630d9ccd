namespace Flock.Shared.Configuration;

/// <summary>How each environment actor chooses its exploration rate ε.</summary>
public enum ExplorationKind
{
    /// <summary>Ape-X: actor i of N uses a fixed εᵢ = base^(1 + alpha·i/(N−1)).</summary>
    Apex,

    /// <summary>Every actor decays ε linearly from start to end over a number of its own steps.</summary>
    Decay,
}

/// <summary>Per-sample loss on the TD error.</summary>
public enum LossKind
{
    /// <summary>Smooth L1 with δ = 1: quadratic near zero, linear beyond, robust to outlier targets.</summary>
    Huber,

    /// <summary>Squared error.</summary>
    Mse,
}

/// <summary>How the learning rate changes with the number of updates.</summary>
public enum LearningRateScheduleKind
{
    Constant,

    /// <summary>Linear from the learning rate to the final learning rate over the decay updates.</summary>
    Linear,

    /// <summary>Multiplied by the step factor every decay-updates updates.</summary>
    Step,
}

/// <summary>Where the priority of a new transition comes from.</summary>
public enum InitialPriorityKind
{
    /// <summary>Ape-X: the actor computes |TD error| with its local network copy.</summary>
    Actor,

    /// <summary>Schaul et al.: new transitions get the replay's current maximum priority.</summary>
    Max,
}

/// <summary>What the learner trains on (<c>--device</c>).</summary>
public enum ComputeDeviceKind
{
    /// <summary>The first CUDA device when one is found, else the managed SIMD backend on the CPU.</summary>
    Auto,

    /// <summary>The managed SIMD backend on the CPU.</summary>
    Cpu,

    /// <summary>A CUDA GPU through ILGPU; refused (exit 2) where none is found.</summary>
    Cuda,

    /// <summary>
    /// The GPU backend's kernels on ILGPU's CPU accelerator: slow, but it runs the CUDA path's code on any machine
    /// (parity checks, and trying the GPU learner without a GPU).
    /// </summary>
    IlgpuCpu,
}
