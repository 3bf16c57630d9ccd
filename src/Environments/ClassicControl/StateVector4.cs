using System.Runtime.CompilerServices;

namespace Flock.Environments;

/// <summary>
/// Four doubles stored inline in their owner, so the classic-control state is one contiguous block: hot
/// code indexes it with constants (no bounds checks, no extra object) and <see cref="IStatefulEnvironment.State"/>
/// can hand out a span over it.
/// </summary>
[InlineArray(4)]
internal struct StateVector4
{
    private double _element0;
}
