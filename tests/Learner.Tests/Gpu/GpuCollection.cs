namespace Flock.Learner.Tests.Gpu;

/// <summary>
/// The ILGPU tests run on their own, after the others: ILGPU's CPU accelerator keeps every core busy and allocates
/// on its worker threads, which disturbed the allocation and timing-sensitive tests running beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GpuCollection
{
    public const string Name = "ILGPU accelerator";
}
