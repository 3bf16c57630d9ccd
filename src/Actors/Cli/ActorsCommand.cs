using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Flock.Actors.Cluster;
using Flock.Shared.Configuration;

namespace Flock.Actors.Cli;

/// <summary>
/// <c>flockrl actors --broker URL [--actors N] [--envs-per-actor K] [--node-name NAME]</c>: an actor node.
/// It needs only the broker: the configuration comes from the learner when it joins.
/// </summary>
public static class ActorsCommand
{
    public static Command Create()
    {
        var broker = new Option<string>("--broker") { Description = $"AMQP URL of the broker (or {BrokerOption.EnvironmentVariable})", HelpName = "url" };
        var actors = new Option<int?>("--actors") { Description = "environment actors on this node (default: the learner's --actors)", HelpName = "N" };
        var envsPerActor = new Option<int?>("--envs-per-actor") { Description = "environments per actor (default: the learner's)", HelpName = "K" };
        var nodeName = new Option<string>("--node-name") { Description = "unique node name (default: host name and process id)", HelpName = "NAME" };
        var maxSeconds = new Option<double?>("--max-seconds") { Description = "leave the run after this many seconds (default: run until stopped)", HelpName = "T" };
        var json = CommonOptions.Json();
        var command = new Command("actors", "Cluster actor node: runs environment actors for the learner on the broker.") { broker, actors, envsPerActor, nodeName, maxSeconds, json };
        command.SetAction(async (parse, cancellation) =>
        {
            var url = BrokerOption.Resolve(parse.GetValue(broker));
            var options = new ActorNodeOptions(
                url,
                parse.GetValue(nodeName) is { Length: > 0 } name ? name : ActorNodeOptions.DefaultNodeName(),
                Check("--actors", parse.GetValue(actors)),
                Check("--envs-per-actor", parse.GetValue(envsPerActor)),
                parse.GetValue(maxSeconds) is { } t && t > 0 ? t : parse.GetValue(maxSeconds) is null ? null : throw new UsageException("--max-seconds: must be > 0"));
            Console.Error.WriteLine($"flockrl: actor node {options.NodeName} joining the run on {BrokerUrl.Redact(url)}");
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
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Console.Error.WriteLine("flockrl: stopped before joining the run");
                return ExitCodes.Success;
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flockrl: node {summary.Node} left: {summary.EnvSteps:N0} env steps, {summary.TransitionsSent:N0} transitions sent ({summary.PublishRetries:N0} resent) in {summary.WallSeconds:0.0} s, weights v{summary.WeightsVersion}"));
            if (parse.GetValue(json))
            {
                JsonResult.WriteLine(Console.Out, new JsonObject
                {
                    ["node"] = summary.Node,
                    ["actors"] = summary.Actors,
                    ["actor_ids"] = new JsonArray(summary.ActorIds.Select(i => (JsonNode)i).ToArray()),
                    ["env_steps"] = summary.EnvSteps,
                    ["transitions_sent"] = summary.TransitionsSent,
                    ["publish_retries"] = summary.PublishRetries,
                    ["weights_version"] = summary.WeightsVersion,
                    ["wall_seconds"] = summary.WallSeconds,
                });
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>At most <see cref="ActorSlots.SlotSpace"/>: a run has no more actor ids than that.</summary>
    private static int? Check(string flag, int? value) => value is null || (value >= 1 && value <= ActorSlots.SlotSpace)
        ? value
        : throw new UsageException($"{flag} {value}: must be ≥ 1 and ≤ {ActorSlots.SlotSpace}");
}
