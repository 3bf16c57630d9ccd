namespace Flock.Actors.Runtime.TestKit;

/// <summary>A <see cref="TestProbe{TMessage}"/> expectation was not met; the message says what arrived instead.</summary>
public sealed class ProbeExpectationException(string message) : Exception(message);
