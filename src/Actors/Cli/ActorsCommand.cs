using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Flock.Actors.Cluster;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// <c>flockrl actors --join HOST:PORT [--actors N] [--envs-per-actor K] [--node-name NAME] [--env-assembly F.dll]</c>: an
/// actor node. It needs only the learner's address: the configuration comes from the learner when it joins.
/// </summary>
public static class ActorsCommand
{
    /// <summary>Environment variable that may stand in for <c>--join</c> (a Kubernetes Deployment sets it).</summary>
    public const string JoinVariable = "FLOCK_JOIN";

    /// <summary>
    /// For <c>bench cluster</c>, which starts its actor nodes as processes: when set, the node prints a
    /// <see cref="SwapInLine"/> line on stdout for each weights version once all its actors act with it,
    /// with <see cref="System.Diagnostics.Stopwatch"/> timestamps (the monotonic clock every process on the
    /// machine shares).
    /// </summary>
    public const string SwapInLogVariable = "FLOCK_BENCH_SWAP_INS";

    /// <summary>The start of a swap-in line: <c>swap-in VERSION DELIVERED_TIMESTAMP SWAPPED_IN_TIMESTAMP</c>.</summary>
    public const string SwapInLine = "swap-in";

    public static Command Create()
    {
        var join = new Option<string>("--join") { Description = $"HOST:PORT of the learner node, as its --public-host names it (or {JoinVariable})", HelpName = "HOST:PORT" };
        var actors = new Option<int?>("--actors") { Description = "environment actors on this node (default: the learner's --actors)", HelpName = "N" };
        var envsPerActor = new Option<int?>("--envs-per-actor") { Description = "environments per actor (default: the learner's)", HelpName = "K" };
        var nodeName = new Option<string>("--node-name") { Description = "unique node name (default: host name and process id)", HelpName = "NAME" };
        var maxSeconds = new Option<double?>("--max-seconds") { Description = "leave after this many seconds, waiting for the learner included (default: run until stopped)", HelpName = "T" };
        var assemblies = new Option<string[]>("--env-assembly") { Description = "assembly with your own environments (repeatable); a node loads only its own, never a path the learner names", HelpName = "path" };
        var network = new ClusterNetworkOptions("127.0.0.1:0", "where this node listens for the learner's messages (port 0: any free port)");
        var json = CommonOptions.Json();
        var command = new Command("actors", "Cluster actor node: joins the learner's cluster and streams transitions to it.") { join, actors, envsPerActor, nodeName, maxSeconds, assemblies };
        network.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellation) =>
        {
            var target = parse.GetValue(join) is { Length: > 0 } flag ? flag : Environment.GetEnvironmentVariable(JoinVariable);
            if (string.IsNullOrWhiteSpace(target))
            {
                throw new UsageException($"--join: required (or set {JoinVariable}): the learner's HOST:PORT, e.g. --join 127.0.0.1:{ClusterEndpoint.DefaultPort}");
            }

            var seed = ClusterEndpoint.Parse(parse.GetValue(join) is { Length: > 0 } ? "--join" : JoinVariable, target, ClusterEndpoint.DefaultPort, allowAnyPort: false);
            var paths = parse.GetValue(assemblies) ?? [];
            foreach (var path in paths.Where(p => !File.Exists(p)))
            {
                throw new UsageException($"--env-assembly {path}: no such file; allowed: a .dll with environments marked by the registration attribute");
            }

            var options = new ActorNodeOptions(
                network.Resolve(parse, ClusterRoles.Actors, seed, Console.Error),
                parse.GetValue(nodeName) is { Length: > 0 } name ? name : ActorNodeOptions.DefaultNodeName(),
                paths,
                Check("--actors", parse.GetValue(actors)),
                Check("--envs-per-actor", parse.GetValue(envsPerActor)),
                parse.GetValue(maxSeconds) is { } t && t > 0 ? t : parse.GetValue(maxSeconds) is null ? null : throw new UsageException($"--max-seconds {parse.GetValue(maxSeconds)}: must be > 0"),
                Environment.GetEnvironmentVariable(SwapInLogVariable) is { Length: > 0 } ? PrintSwapIn : null);
            Console.Error.WriteLine($"flockrl: actor node {options.NodeName} joining the learner at {seed}");
            ActorNodeSummary summary;
            try
            {
                summary = await ActorNode.RunAsync(options, Console.Error, cancellation);
            }
            catch (JoinRefusedException e)
            {
                Console.Error.WriteLine($"flockrl: {e.Message}");
                return ExitCodes.RuntimeFailure;
            }
            catch (ConfigurationException e)
            {
                Console.Error.WriteLine($"flockrl: the learner's configuration does not work on this node: {e.Message}");
                return ExitCodes.RuntimeFailure;
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flockrl: node {summary.Node} left after {summary.WallSeconds:0.0} s, {summary.Joins} join(s); last run: {summary.EnvSteps:N0} env steps, {summary.TransitionsSent:N0} transitions sent, weights v{summary.WeightsVersion}; {summary.TransitionsLost:N0} transitions lost in flight"));
            if (parse.GetValue(json))
            {
                JsonResult.WriteLine(Console.Out, new JsonObject
                {
                    ["node"] = summary.Node,
                    ["joins"] = summary.Joins,
                    ["actors"] = summary.Actors,
                    ["actor_ids"] = new JsonArray(summary.ActorIds.Select(i => (JsonNode)i).ToArray()),
                    ["env_steps"] = summary.EnvSteps,
                    ["transitions_sent"] = summary.TransitionsSent,
                    ["transitions_lost"] = summary.TransitionsLost,
                    ["weights_version"] = summary.WeightsVersion,
                    ["wall_seconds"] = summary.WallSeconds,
                });
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintSwapIn(long version, long delivered, long swappedIn)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{SwapInLine} {version} {delivered} {swappedIn}"));
        }
    }

    /// <summary>At most <see cref="ActorSlots.SlotSpace"/>: a run has no more actor ids than that.</summary>
    private static int? Check(string flag, int? value) => value is null || (value >= 1 && value <= ActorSlots.SlotSpace)
        ? value
        : throw new UsageException($"{flag} {value}: must be ≥ 1 and ≤ {ActorSlots.SlotSpace}");
}
