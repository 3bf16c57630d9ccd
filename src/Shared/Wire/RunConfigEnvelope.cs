namespace Flock.Shared.Wire;

/// <summary>
/// A run configuration in flight: UTF-8 JSON that the wire carries as an opaque, length-checked string.
/// Parsing it is the configuration layer's business, not the codec's.
/// </summary>
/// <param name="Json">The configuration document.</param>
public sealed record RunConfigEnvelope(string Json);
