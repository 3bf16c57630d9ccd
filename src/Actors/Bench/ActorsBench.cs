using System.Diagnostics;
using Akka.Actor;
using Flock.Actors.Hosting;

namespace Flock.Actors.Bench;

/// <summary>
/// What the actor runtime (Akka.NET, configured as Flock runs it) costs: local Tell throughput into an actor
/// and the Ask round trip (p50 and p99; it includes waking the actor's thread), each on the default dispatcher
/// and on the dedicated-thread dispatcher the compute roles use, and the time to create and to terminate a local actor system. Each figure is measured
/// <see cref="Repeats"/> times: the plain key holds the median, <c>_min</c> and <c>_max</c> the range.
/// </summary>
public static class ActorsBench
{
    private const int Repeats = 3;
    private const int TellsBetweenClockReads = 4096;

    public static IReadOnlyDictionary<string, object> Run(BenchOptions options) => RunAsync(options).GetAwaiter().GetResult();

    private static async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchOptions options)
    {
        var figures = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var starts = new List<double>();
        var stops = new List<double>();
        var tells = new Dictionary<string, List<double>>(StringComparer.Ordinal) { ["default_dispatcher"] = [], ["dedicated_dispatcher"] = [] };
        var asks = new Dictionary<string, (List<double> P50, List<double> P99)>(StringComparer.Ordinal) { ["default_dispatcher"] = ([], []), ["dedicated_dispatcher"] = ([], []) };
        for (var repeat = 0; repeat < Repeats; repeat++)
        {
            var clock = Stopwatch.StartNew();
            var system = FlockActorSystem.Create("bench-actors", options.Progress, minimumLevel: FlockLogLevel.Warning);
            starts.Add(clock.Elapsed.TotalMilliseconds);

            // The first repeat also warms up the JIT; its figures count like the others, the median takes care of it.
            tells["default_dispatcher"].Add(await TellThroughputAsync(system, Props.Create(() => new Counter()), options.Seconds));
            tells["dedicated_dispatcher"].Add(await TellThroughputAsync(system, Props.Create(() => new Counter()).WithDispatcher(FlockActorSystem.DedicatedDispatcher), options.Seconds));
            foreach (var (dispatcher, props) in new[] { ("default_dispatcher", Props.Create(() => new Counter())), ("dedicated_dispatcher", Props.Create(() => new Counter()).WithDispatcher(FlockActorSystem.DedicatedDispatcher)) })
            {
                var (p50, p99) = await AskRoundTripAsync(system, props, options.Seconds);
                asks[dispatcher].P50.Add(p50);
                asks[dispatcher].P99.Add(p99);
            }

            clock.Restart();
            await system.Terminate();
            stops.Add(clock.Elapsed.TotalMilliseconds);
            options.Progress.WriteLine(
                $"bench actors #{repeat + 1}: tell {tells["default_dispatcher"][^1] / 1e6:0.00} M msg/s (default), {tells["dedicated_dispatcher"][^1] / 1e6:0.00} M msg/s (dedicated), " +
                $"ask p50 {asks["default_dispatcher"].P50[^1]:0.0} µs (default), {asks["dedicated_dispatcher"].P50[^1]:0.0} µs (dedicated), start {starts[^1]:0} ms, stop {stops[^1]:0} ms");
        }

        foreach (var (dispatcher, rates) in tells)
        {
            Add(figures, $"tell.{dispatcher}.messages_per_second", rates);
        }

        foreach (var (dispatcher, (p50, p99)) in asks)
        {
            Add(figures, $"ask.{dispatcher}.round_trip_p50_us", p50);
            Add(figures, $"ask.{dispatcher}.round_trip_p99_us", p99);
        }

        Add(figures, "system.start_ms", starts);
        Add(figures, "system.stop_ms", stops);
        figures["repeats"] = Repeats;
        return figures;
    }

    /// <summary>Tells from outside as fast as possible for <paramref name="seconds"/>, then asks for the count: end to end, every message handled.</summary>
    private static async Task<double> TellThroughputAsync(ActorSystem system, Props props, double seconds)
    {
        var counter = system.ActorOf(props);
        var started = Stopwatch.GetTimestamp();
        var budget = started + (long)(seconds * Stopwatch.Frequency);
        long sent = 0;
        while (Stopwatch.GetTimestamp() < budget)
        {
            for (var i = 0; i < TellsBetweenClockReads; i++)
            {
                counter.Tell(Counter.Increment.Instance);
            }

            sent += TellsBetweenClockReads;
        }

        var handled = await counter.Ask<long>(Counter.Read.Instance, TimeSpan.FromMinutes(1));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        system.Stop(counter);
        return handled == sent ? sent / elapsed : throw new InvalidOperationException($"the counter handled {handled} of {sent} messages");
    }

    /// <summary>One Ask at a time for <paramref name="seconds"/>: the p50 and p99 round trip in microseconds.</summary>
    private static async Task<(double P50, double P99)> AskRoundTripAsync(ActorSystem system, Props props, double seconds)
    {
        var counter = system.ActorOf(props);
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var sent = Stopwatch.GetTimestamp();
            await counter.Ask<long>(Counter.Read.Instance, TimeSpan.FromSeconds(10));
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
        }

        system.Stop(counter);
        latencies.Sort();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static void Add(IDictionary<string, object> figures, string key, List<double> values)
    {
        var sorted = values.Order().ToList();
        figures[key] = sorted[sorted.Count / 2];
        figures[key + "_min"] = sorted[0];
        figures[key + "_max"] = sorted[^1];
    }

    /// <summary>Counts increments and answers reads with the count.</summary>
    private sealed class Counter : UntypedActor
    {
        private long _count;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Increment:
                    _count++;
                    break;
                case Read:
                    Sender.Tell(_count);
                    break;
            }
        }

        public sealed class Increment
        {
            public static Increment Instance { get; } = new();
        }

        public sealed class Read
        {
            public static Read Instance { get; } = new();
        }
    }
}
