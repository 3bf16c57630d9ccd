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

    /// <summary>Starts a span; its parent is <paramref name="parent"/> when valid, else the current activity.</summary>
    public static Activity? Start(string name, string role, string actor, in ActivityContext parent = default, IEnumerable<ActivityLink>? links = null)
    {
        var source = FlockTelemetry.Source;
        if (!source.HasListeners())
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
