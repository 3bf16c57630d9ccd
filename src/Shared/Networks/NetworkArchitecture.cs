using System.Globalization;

namespace Flock.Shared.Networks;

/// <summary>
/// The shape of a Q-network as the <c>--network</c> knob writes it: comma-separated layers from the input side,
/// convolutions first (<c>conv16k3s1</c>: 16 filters, 3×3 kernel, stride 1, no padding, ReLU) then dense ReLU
/// layers (<c>fc128</c>); the Q head (one output per action, or value and advantages when dueling) is always
/// added last. <c>conv16k3s1,fc128</c> is MinAtar's own network. <c>--hidden 64,64</c> is the MLP shorthand
/// <c>fc64,fc64</c>. Convolutions need an observation of shape (height, width, channels), laid out HWC.
/// </summary>
/// <remarks>Lives in Shared so configuration validation can parse it and count its parameters before anything is built.</remarks>
public sealed record NetworkArchitecture
{
    /// <summary>Widest layer or most filters accepted, and the most layers: bounds that keep a typo from sizing a huge allocation.</summary>
    public const int MaxWidth = 65536;
    public const int MaxLayers = 64;

    public NetworkArchitecture(IReadOnlyList<ConvolutionLayer> convolutions, IReadOnlyList<int> hidden)
    {
        ArgumentNullException.ThrowIfNull(convolutions);
        ArgumentNullException.ThrowIfNull(hidden);
        Convolutions = [.. convolutions];
        Hidden = [.. hidden];
    }

    /// <summary>Convolutions from the input side.</summary>
    public IReadOnlyList<ConvolutionLayer> Convolutions { get; }

    /// <summary>Dense ReLU layers after the (flattened) convolutions.</summary>
    public IReadOnlyList<int> Hidden { get; }

    public bool HasConvolutions => Convolutions.Count > 0;

    /// <summary>The MLP that <c>--hidden</c> describes.</summary>
    public static NetworkArchitecture Mlp(IReadOnlyList<int> hidden) => new([], hidden);

    /// <summary>Parses a spec such as <c>conv16k3s1,fc128</c>; on failure, <paramref name="problem"/> names the bad part and what is allowed.</summary>
    public static bool TryParse(string text, out NetworkArchitecture? architecture, out string problem)
    {
        architecture = null;
        var convolutions = new List<ConvolutionLayer>();
        var hidden = new List<int>();
        var tokens = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (tokens.Length == 0 || tokens.All(t => t.Length == 0))
        {
            problem = "is empty; " + Grammar;
            return false;
        }

        foreach (var token in tokens)
        {
            if (TryParseConvolution(token, out var convolution))
            {
                if (hidden.Count > 0)
                {
                    problem = $"has '{token}' after a dense layer; convolutions come first. {Grammar}";
                    return false;
                }

                convolutions.Add(convolution);
            }
            else if (token.StartsWith("fc", StringComparison.Ordinal) && TryPositive(token.AsSpan(2), out var width))
            {
                hidden.Add(width);
            }
            else
            {
                problem = $"has '{token}', which is not a layer. {Grammar}";
                return false;
            }
        }

        if (convolutions.Count + hidden.Count > MaxLayers)
        {
            problem = $"has {convolutions.Count + hidden.Count} layers; at most {MaxLayers} are allowed";
            return false;
        }

        architecture = new NetworkArchitecture(convolutions, hidden);
        problem = "";
        return true;
    }

    /// <summary>What a spec may hold, for error messages.</summary>
    public const string Grammar =
        "Allowed: comma-separated layers, convolutions first: convFkKsS (F filters, K×K kernel, stride S, e.g. conv16k3s1), " +
        "then fcN (N units, e.g. fc128); every number 1..65536";

    /// <summary>
    /// The shape (height, width, channels) after the convolutions for an observation of <paramref name="observationShape"/>,
    /// or a problem: convolutions need a 3-D (H, W, C) observation, and every convolution must fit its input.
    /// </summary>
    public bool TryConvolutionOutput(IReadOnlyList<int> observationShape, out (int Height, int Width, int Channels) output, out string problem)
    {
        output = default;
        if (!HasConvolutions)
        {
            problem = "";
            output = (1, 1, observationShape.Aggregate(1, (a, b) => checked(a * b)));
            return true;
        }

        if (observationShape.Count != 3)
        {
            problem = $"convolutions need an observation of shape (height, width, channels); this environment's is ({string.Join(", ", observationShape)})";
            return false;
        }

        var (height, width, channels) = (observationShape[0], observationShape[1], observationShape[2]);
        foreach (var convolution in Convolutions)
        {
            var (nextHeight, nextWidth) = (convolution.OutputSize(height), convolution.OutputSize(width));
            if (nextHeight < 1 || nextWidth < 1)
            {
                problem = $"{convolution} does not fit a {height}×{width} input (its kernel is {convolution.Kernel}×{convolution.Kernel})";
                return false;
            }

            (height, width, channels) = (nextHeight, nextWidth, convolution.Filters);
        }

        output = (height, width, channels);
        problem = "";
        return true;
    }

    /// <summary>
    /// Parameters (weights and biases) of the whole Q-network for <paramref name="observationShape"/> and
    /// <paramref name="actions"/>, head included; the one count config validation and the learner agree on.
    /// </summary>
    /// <exception cref="ArgumentException">The architecture does not fit the observation (see <see cref="TryConvolutionOutput"/>).</exception>
    public long ParameterCount(IReadOnlyList<int> observationShape, int actions, bool dueling)
    {
        ArgumentNullException.ThrowIfNull(observationShape);
        if (!TryConvolutionOutput(observationShape, out var output, out var problem))
        {
            throw new ArgumentException(problem, nameof(observationShape));
        }

        long count = 0;
        var channels = HasConvolutions ? observationShape[2] : 0;
        foreach (var convolution in Convolutions)
        {
            count += ((long)convolution.Kernel * convolution.Kernel * channels * convolution.Filters) + convolution.Filters;
            channels = convolution.Filters;
        }

        long inputs = (long)output.Height * output.Width * output.Channels;
        foreach (var width in Hidden)
        {
            count += (inputs * width) + width;
            inputs = width;
        }

        var head = dueling ? actions + 1 : actions;
        return count + (inputs * head) + head;
    }

    /// <summary>The spec text, e.g. <c>conv16k3s1,fc128</c> (<c>fc64,fc64</c> for <c>--hidden 64,64</c>).</summary>
    public override string ToString() =>
        string.Join(',', Convolutions.Select(c => c.ToString()).Concat(Hidden.Select(h => "fc" + h.ToString(CultureInfo.InvariantCulture))));

    public bool Equals(NetworkArchitecture? other) =>
        other is not null && Convolutions.SequenceEqual(other.Convolutions) && Hidden.SequenceEqual(other.Hidden);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private static bool TryParseConvolution(string token, out ConvolutionLayer convolution)
    {
        convolution = default;
        if (!token.StartsWith("conv", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = token.AsSpan(4);
        var k = rest.IndexOf('k');
        var s = rest.IndexOf('s');
        if (k < 1 || s < k + 2
            || !TryPositive(rest[..k], out var filters)
            || !TryPositive(rest[(k + 1)..s], out var kernel)
            || !TryPositive(rest[(s + 1)..], out var stride))
        {
            return false;
        }

        convolution = new ConvolutionLayer(filters, kernel, stride);
        return true;
    }

    private static bool TryPositive(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MaxWidth;
}
