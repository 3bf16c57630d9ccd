using System.Globalization;
using Flock.Actors.Local;
using Flock.Actors.Hosting;
using Flock.Actors.Roles;
using Flock.Actors.Run;
using Flock.Environments;
using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>What a sweep runs: the trials' configurations and the rules that prune and stop them.</summary>
/// <param name="Trials">Each trial's plan and its full, validated configuration (budget, stop-when-solved and run directory set).</param>
/// <param name="Halving">The rungs and their decisions.</param>
/// <param name="Parallel">Trials running at once.</param>
/// <param name="BudgetSeconds">Wall time of the whole sweep; null: no limit.</param>
public sealed record SweepSetup(
    IReadOnlyList<(TrialPlan Plan, RunConfig Config)> Trials,
    SuccessiveHalving Halving,
    int Parallel,
    double? BudgetSeconds);

/// <summary>
/// Runs the trials of a sweep concurrently on ONE actor system, each trial a parent actor (<c>/user/trial-N</c>)
/// whose children are that trial's coordinator, replay, learner, evaluator and environment actors, at most
/// <see cref="SweepSetup.Parallel"/> at a time. Each trial's env actors wait at every rung (see
/// <see cref="TrialWatch"/>), where successive halving decides on its eval mean; a pruned trial is stopped like an interrupted run (it
/// still writes its run directory). A trial that fails fails alone. When the sweep's time runs out or
/// Ctrl-C comes, the running trials are stopped and the rest never start.
/// </summary>
public static class SweepRunner
{
    public static async Task<IReadOnlyList<TrialResult>> RunAsync(SweepSetup setup, EnvRegistration environment, TextWriter log, CancellationToken cancellation)
    {
        using var sweepTime = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (setup.BudgetSeconds is { } seconds)
        {
            sweepTime.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        using var system = FlockActorSystem.Create("flock-sweep", log);
        using var slots = new SemaphoreSlim(setup.Parallel);
        var runs = setup.Trials.Select(async trial =>
        {
            try
            {
                await slots.WaitAsync(sweepTime.Token);
            }
            catch (OperationCanceledException)
            {
                return NotStarted(trial.Plan, trial.Config);
            }

            try
            {
                return await RunTrialAsync(trial.Plan, trial.Config, setup.Halving, system, environment, log, sweepTime.Token);
            }
            finally
            {
                slots.Release();
            }
        }).ToArray();

        var results = await Task.WhenAll(runs);
        await system.Terminate();
        return results;
    }

    private static async Task<TrialResult> RunTrialAsync(TrialPlan plan, RunConfig config, SuccessiveHalving halving, Akka.Actor.ActorSystem system, EnvRegistration environment, TextWriter log, CancellationToken sweepTime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(sweepTime);
        var watch = new TrialWatch(plan.Trial, halving, log, stop);
        log.WriteLine($"sweep: trial {plan.Trial} starts: {plan.Describe()}");
        try
        {
            using var directory = RunDirectory.Create(config, DateTime.UtcNow);
            var summary = await LocalRun.RunAsync(config, environment, directory, ProgressView.Silent(), log,
                new RunHostOptions(System: system, Name: $"trial-{plan.Trial}", OnMetrics: watch.Observe, Hold: watch.FirstHold), stop.Token);
            // A pruned trial may still hit its step limit in the moment its stop takes; it was pruned all the same.
            var status = summary.StopReason switch
            {
                StopReasons.Solved => TrialStatus.Solved,
                StopReasons.Failed => TrialStatus.Failed,
                _ when watch.PrunedAtRung is { } rung => TrialStatus.PrunedAt(rung),
                StopReasons.Interrupted => TrialStatus.Stopped,
                _ => TrialStatus.Completed,
            };
            var reached = status is TrialStatus.Solved or TrialStatus.Completed ? halving.Rungs.Count + 1 : watch.RungsReached;
            var result = new TrialResult(plan, config, status, reached, summary.EnvSteps, summary.EvalMeanReturn100, summary.SolvedAtEnvSteps, summary.WallSeconds, summary.RunDir, summary.Error);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep: trial {plan.Trial} {status} after {summary.EnvSteps:N0} env steps, eval mean {Format(summary.EvalMeanReturn100)}{(summary.Error is null ? "" : $"; error: {summary.Error}")}"));
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.WriteLine($"sweep: trial {plan.Trial} failed: {e.Message}");
            return new TrialResult(plan, config, TrialStatus.Failed, watch.RungsReached, 0, null, null, 0, config.Out, e.Message);
        }
    }

    private static TrialResult NotStarted(TrialPlan plan, RunConfig config) =>
        new(plan, config, TrialStatus.NotStarted, 0, 0, null, null, 0, null, null);

    internal static string Format(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "–";
}
