using System.Runtime.CompilerServices;

namespace Flock.Environments;

/// <summary>Two doubles stored inline in their owner; see <see cref="StateVector4"/>.</summary>
[InlineArray(2)]
internal struct StateVector2
{
    private double _element0;
}
