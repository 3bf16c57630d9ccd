using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Flock.Environments;

/// <summary>
/// The distinct places environment faults come from (the exception's type and message, or the kind of bad
/// value), with a count each, so a bug that fires on every thousandth step is logged with its
/// stack trace once and then only counted. Thread-safe: one instance is shared by every stepper of a run.
/// </summary>
public sealed partial class EnvironmentFaultSites
{
    private readonly ConcurrentDictionary<string, Site> _sites = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Faults recorded.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The first fault recorded, for messages and the summary; null before any.</summary>
    public EnvironmentFaultException? First { get; private set; }

    /// <summary>Distinct sites with their counts, in the order first seen.</summary>
    public IReadOnlyList<(string Site, long Count, EnvironmentFaultException First)> Sites =>
        [.. _sites.Values.OrderBy(s => s.Order).Select(s => (s.Key, Interlocked.Read(ref s.Count), s.FirstFault))];

    /// <summary>
    /// Counts <paramref name="fault"/>, <paramref name="count"/> times (environments of one vector step that faulted
    /// together: only the first one's exception is at hand); true when it is the first from its site (log it whole then).
    /// </summary>
    public bool Add(EnvironmentFaultException fault, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var order = Interlocked.Add(ref _total, count) - count + 1;
        var key = SiteOf(fault);
        // Two threads may both build a Site for a new key; only the one whose Site was stored is "first", so
        // compare the stored Site with this call's own rather than noting that the factory ran.
        Site? created = null;
        var site = _sites.GetOrAdd(key, k => created = new Site(k, fault, order));
        Interlocked.Add(ref site.Count, count);
        if (order == 1)
        {
            First = fault;
        }

        return ReferenceEquals(site, created);
    }

    /// <summary>
    /// Where a fault comes from: for a throw, the exception type and its message with the numbers taken out
    /// (stack frames are no key: the JIT inlines an environment's Step into its callers differently over a
    /// run); for a bad value, the kind and the element.
    /// </summary>
    public static string SiteOf(EnvironmentFaultException fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.InnerException is { } inner)
        {
            return $"{fault.EnvId}: {inner.GetType().FullName}: {Digits().Replace(inner.Message, "#")}";
        }

        var detail = fault.Detail;
        var cut = detail.IndexOf(" is ", StringComparison.Ordinal);
        return $"{fault.EnvId}: {fault.Kind} {(cut > 0 ? detail[..cut] : detail)}";
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    private sealed class Site(string key, EnvironmentFaultException first, long order)
    {
        public long Count;

        public string Key { get; } = key;

        public EnvironmentFaultException FirstFault { get; } = first;

        public long Order { get; } = order;
    }
}
