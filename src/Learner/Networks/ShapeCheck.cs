using Flock.Shared.Messages;

namespace Flock.Learner.Networks;

/// <summary>Compares parameter shapes and says exactly which tensor differs and how.</summary>
public static class ShapeCheck
{
    /// <summary>Null when the shapes agree, otherwise the first difference in words.</summary>
    public static string? Describe(IReadOnlyList<ParameterShape> found, IReadOnlyList<ParameterShape> expected, string source)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(expected);
        var common = Math.Min(found.Count, expected.Count);
        for (var i = 0; i < common; i++)
        {
            if (found[i] != expected[i])
            {
                return $"{source} {ParameterLayout.Describe(i)} is {Format(found[i])}, network expects {Format(expected[i])}";
            }
        }

        return found.Count == expected.Count
            ? null
            : $"{source} has {found.Count / 2} layers ({found.Count} parameter tensors), network expects {expected.Count / 2} ({expected.Count})";
    }

    public static void ThrowIfDifferent(IReadOnlyList<ParameterShape> found, IReadOnlyList<ParameterShape> expected, string source)
    {
        var difference = Describe(found, expected, source);
        if (difference is not null)
        {
            throw new InvalidDataException(difference);
        }
    }

    private static string Format(ParameterShape shape) => $"{shape.Rows}×{shape.Cols}";
}
