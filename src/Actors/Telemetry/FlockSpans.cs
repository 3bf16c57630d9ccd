using System.Diagnostics;
using Flock.Shared.Telemetry;

namespace Flock.Actors.Telemetry;

/// <summary>
/// Starts the roles' spans with the tags every span carries (role, actor, node). Without a listener
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null at the cost of one check;
/// tags are only set on spans that will be recorded, so unsampled spans box nothing.
/// </summary>
public static class FlockSpans
{
    private static string _node = Environment.MachineName;

    /// <summary>The node name put on every span: the host name, or the cluster node name once one is set.</summary>
    public static string Node
    {
        get => Volatile.Read(ref _node);
        set => Volatile.Write(ref _node, value);
    }

    /// <summary>
    /// Starts a span; its parent is <paramref name="parent"/> when valid, else the current activity. Null when
    /// nothing listens or the parent was not sampled.
    /// </summary>
    public static Activity? Start(string name, string role, string actor, in ActivityContext parent = default, IEnumerable<ActivityLink>? links = null)
    {
        var source = FlockTelemetry.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        // Parent-based sampling drops the child of an unrecorded parent anyway; deciding that here skips the
        // creation of a propagation-only activity, which costs most of a span's price.
        var effective = parent.TraceId != default ? parent : Activity.Current?.Context ?? default;
        if (effective.TraceId != default && (effective.TraceFlags & ActivityTraceFlags.Recorded) == 0)
        {
            return null;
        }

        var activity = source.StartActivity(name, ActivityKind.Internal, parent, tags: null, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TagNames.Role, role);
            activity.SetTag(TagNames.Actor, actor);
            activity.SetTag(TagNames.Node, Node);
        }

        return activity;
    }

    /// <summary>
    /// Starts the span of a message's handling as a child of the span that sent it; null when the message
    /// carries no trace, so receivers never start traces of their own for untraced messages.
    /// </summary>
    public static Activity? StartChild(string name, string role, string actor, in ActivityContext parent) =>
        parent.TraceId == default ? null : Start(name, role, actor, parent);

    /// <summary>The context to send along with a message: the span's, or none.</summary>
    public static ActivityContext ContextOf(Activity? activity) => activity?.Context ?? default;

    /// <summary>Sets a tag only on a recorded span, so an unsampled one boxes nothing.</summary>
    public static void Tag(this Activity? activity, string key, long value)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(key, value);
        }
    }
}
