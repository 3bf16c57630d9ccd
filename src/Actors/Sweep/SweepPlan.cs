using System.Globalization;
using Flock.Actors.Cli;
using Flock.Actors.Run;
using Flock.Shared.Configuration;

namespace Flock.Actors.Sweep;

/// <summary>What the user asked of a sweep, before it is checked.</summary>
/// <param name="Base">The base configuration (train flags and --config).</param>
/// <param name="Params">The --param specs; empty: the defaults (<see cref="SweepDefaults"/>).</param>
/// <param name="Trials">--trials.</param>
/// <param name="Strategy">--strategy.</param>
/// <param name="BudgetSeconds">--budget-seconds; null: no limit.</param>
/// <param name="Parallel">--parallel; null: the default.</param>
/// <param name="Eta">--eta.</param>
/// <param name="MinRungEnvSteps">--min-rung-env-steps; null: the default.</param>
/// <param name="MetricsIntervalGiven">Whether the user set --metrics-interval-seconds (by flag or in --config); if not, the trials write rows at <see cref="SweepDefaults.MetricsIntervalSeconds"/>.</param>
public sealed record SweepRequest(
    RunConfig Base,
    IReadOnlyList<string> Params,
    int Trials,
    SweepStrategy Strategy,
    double? BudgetSeconds,
    int? Parallel,
    int Eta,
    long? MinRungEnvSteps,
    bool MetricsIntervalGiven);

/// <summary>A checked sweep: the trials with their full configurations, the halving rules, where it writes.</summary>
/// <param name="Setup">What the sweep runs: the trials, the rungs, how many at once.</param>
/// <param name="Directory">The sweep's --out folder.</param>
/// <param name="ParameterNames">The swept knobs, in --param order.</param>
/// <param name="Subtitle">One line describing the sweep, for its page.</param>
/// <param name="BaseMetricsIntervalSeconds">The base config's metrics interval when the trials run at the sweep's
/// finer one (<see cref="SweepDefaults.MetricsIntervalSeconds"/>); null when they run at the user's own (set or swept).</param>
public sealed record SweepPlan(SweepSetup Setup, string Directory, IReadOnlyList<string> ParameterNames, string Subtitle, double? BaseMetricsIntervalSeconds)
{
    /// <summary>A trial's configuration as a user would train with it (<c>best-config.json</c>): a fresh run writes
    /// its own directory, and the metrics interval is the user's, not the one the sweep set for its rung decisions.</summary>
    public RunConfig TrainingConfig(TrialResult trial) =>
        trial.Config with { Out = null, MetricsIntervalSeconds = BaseMetricsIntervalSeconds ?? trial.Config.MetricsIntervalSeconds };

    /// <summary>Checks the request and plans the trials; throws <see cref="UsageException"/> (or <see cref="ConfigurationException"/>) naming every bad value.</summary>
    public static SweepPlan Create(SweepRequest request, Func<RunConfig, IEnumerable<ConfigError>> extraChecks, DateTime utcNow)
    {
        var b = request.Base;
        Check(request.Trials is >= 1 and <= 10_000, $"--trials {request.Trials}: must be ≥ 1 and ≤ 10000");
        Check(request.Eta is >= 2 and <= 100, $"--eta {request.Eta}: must be ≥ 2 and ≤ 100");
        Check(request.BudgetSeconds is null or > 0, $"--budget-seconds {request.BudgetSeconds?.ToString(CultureInfo.InvariantCulture)}: must be > 0");
        Check(request.Parallel is null or >= 1 and <= 1024, $"--parallel {request.Parallel}: must be ≥ 1 and ≤ 1024");
        var budget = b.MaxEnvSteps ?? SweepDefaults.TrialEnvSteps;

        // The smallest rung a budget allows is budget / η ≥ 1 env step. Checked before --min-rung-env-steps so a
        // budget too small for any rung is blamed on the budget and η, not on a rung the user may never have set.
        Check(budget >= request.Eta,
            $"--max-env-steps {budget}: the trial budget must be at least η × 1 = {request.Eta} env steps (--eta {request.Eta}), so that its smallest rung, budget / η, is at least 1 env step");
        var budgetSource = b.MaxEnvSteps is null ? "the default" : "from --max-env-steps";
        // Two rungs by default: a third at budget/η³ (18.5K env steps of CartPole's 500K) judges trials before
        // any of them has learned anything, on the noise of random-policy returns.
        var minRung = request.MinRungEnvSteps ?? Math.Max(1, budget / (request.Eta * request.Eta));
        Check(minRung >= 1 && minRung <= budget / request.Eta,
            $"--min-rung-env-steps {minRung}: must be ≥ 1 and ≤ the trial budget / η = {budget / request.Eta} (trial budget {budget} env steps {budgetSource}, η = {request.Eta})");

        var specs = request.Params.Count > 0 ? request.Params : SweepDefaults.Specs(b, request.Strategy);
        var parameters = SweepParamParser.ParseAll(specs, b);

        // A trial held at a rung waits for its next metrics row to be judged, so the trials write rows more
        // often than a training run does, unless the user chose an interval (by flag, in --config, or by sweeping it).
        var ownInterval = request.MetricsIntervalGiven || parameters.Any(p => p.Name == SweepDefaults.MetricsIntervalKnob);
        var plans = TrialPlanner.Plan(parameters, request.Strategy, request.Trials, b.Seed);
        var directory = Path.GetFullPath(b.Out ?? RunDirectoryClaim.DefaultPath("sweeps", b.Env, b.Seed, utcNow));
        if (File.Exists(directory))
        {
            throw new UsageException($"--out {directory}: is a file; the sweep directory must be a folder");
        }

        var width = plans.Count.ToString(CultureInfo.InvariantCulture).Length;
        var trials = new List<(TrialPlan, RunConfig)>();
        var problems = new List<string>();
        foreach (var plan in plans)
        {
            var applied = plan.Apply(b);
            var config = applied with
            {
                MaxEnvSteps = budget,
                StopWhenSolved = true,
                MetricsIntervalSeconds = ownInterval ? applied.MetricsIntervalSeconds : SweepDefaults.MetricsIntervalSeconds,
                Out = Path.Combine(directory, $"trial-{plan.Trial.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}"),
            };
            var errors = RunConfigValidator.Validate(config).Concat(extraChecks(config)).ToArray();
            problems.AddRange(errors.Select(e => $"trial {plan.Trial} ({plan.Describe()}): {e.Key} = {e.Value}: {e.Problem}"));
            trials.Add((plan, config));
        }

        if (problems.Count > 0)
        {
            throw new UsageException("some trials have an invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        }

        // A trial keeps its env actors and its learner busy; more trials at once than the cores hold only
        // time-slice them, which lengthens every trial and lets --budget-seconds cut more of them short.
        // At least two at once even on a small machine: successive halving compares a trial with the ones
        // that reached its rung, and a lone trial has nobody to be compared with until the next one runs.
        var parallel = request.Parallel ?? Math.Min(plans.Count, Math.Max(2, Environment.ProcessorCount / (b.Actors + 1)));
        var halving = new SuccessiveHalving(budget, request.Eta, minRung);
        var names = parameters.Select(p => p.Name).ToArray();
        var subtitle = string.Create(CultureInfo.InvariantCulture,
            $"{b.Env} · {request.Strategy.ToString().ToLowerInvariant()} over {string.Join(", ", names)} · {plans.Count} trials, {parallel} at once · {budget:N0} env steps each · rungs {string.Join(", ", halving.Rungs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} (η = {request.Eta})");
        return new SweepPlan(new SweepSetup(trials, halving, parallel, request.BudgetSeconds), directory, names, subtitle, ownInterval ? null : b.MetricsIntervalSeconds);
    }

    private static void Check(bool ok, string problem)
    {
        if (!ok)
        {
            throw new UsageException(problem);
        }
    }
}
