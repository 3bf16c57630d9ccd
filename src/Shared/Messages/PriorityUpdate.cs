namespace Flock.Shared.Messages;

/// <summary>
/// New priorities for sampled transitions, sent by the learner to the replay. Keys are the replay's
/// insertion keys (monotonic per replay), so an update for a slot that has since been overwritten is
/// recognised as stale and ignored.
/// </summary>
public sealed record PriorityUpdate(int Count, long[] Keys, float[] Priorities);
