using System.Globalization;
using Spectre.Console;

namespace Flock.Actors.Run;

/// <summary>
/// Shows a run's progress on stderr: a live table when stderr is a terminal, otherwise one plain line
/// every few seconds (logs and CI stay readable). Never writes to stdout, which belongs to --json.
/// </summary>
public sealed class ProgressView : IAsyncDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly string _title;
    private readonly bool _live;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _liveLoop = Task.CompletedTask;
    private RunMetrics? _latest;
    private double _lastPlainSeconds = double.NegativeInfinity;

    private ProgressView(string title, bool live)
    {
        _title = title;
        _live = live;
        if (live)
        {
            _liveLoop = Task.Run(RunLiveAsync);
        }
    }

    /// <summary>A view that prints nothing (for --no-progress).</summary>
    public static ProgressView Silent() => new("", live: false) { IsSilent = true };

    public static ProgressView Create(string title) => new(title, live: !Console.IsErrorRedirected && !Console.IsOutputRedirected);

    private bool IsSilent { get; init; }

    public void Report(RunMetrics metrics)
    {
        Volatile.Write(ref _latest, metrics);
        if (_live || IsSilent)
        {
            return;
        }

        if (metrics.ElapsedSeconds - _lastPlainSeconds >= PlainInterval.TotalSeconds)
        {
            _lastPlainSeconds = metrics.ElapsedSeconds;
            Console.Error.WriteLine(PlainLine(_title, metrics));
        }
    }

    /// <summary>One line with the figures that matter most, e.g. for logs.</summary>
    public static string PlainLine(string title, RunMetrics m) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{m.ElapsedSeconds,6:0.0}s] {title} steps {m.EnvSteps:N0} ({m.EnvStepsPerSecond:N0}/s) updates {m.Updates:N0} ({m.UpdatesPerSecond:N0}/s) replay {m.ReplaySize:N0} eps {Num(m.EpsilonMin, "0.####")}-{Num(m.EpsilonMax, "0.###")} loss {Num(m.Loss, "0.####")} train {Num(m.TrainMeanReturn, "0.#")} eval100 {Num(m.EvalMeanReturn100, "0.#")} ({m.EvalEpisodes} ep) v{m.WeightsVersion}{ClusterPart(m)}");

    /// <summary>Nodes, actors and per-node rates of a cluster run; nothing for a local run.</summary>
    private static string ClusterPart(RunMetrics m) => m.Nodes is { } nodes
        ? string.Create(CultureInfo.InvariantCulture, $" nodes {nodes} actors {m.NodeActors} [{m.NodeTransitionsPerSecond}]{(m.GarbageMessages > 0 ? $" garbage {m.GarbageMessages}" : "")}")
        : "";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _liveLoop;
        if (!_live && !IsSilent && Volatile.Read(ref _latest) is { } last)
        {
            Console.Error.WriteLine(PlainLine(_title, last));
        }

        _stop.Dispose();
    }

    private async Task RunLiveAsync()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Live(Render(null)).AutoClear(false).StartAsync(async context =>
        {
            while (!_stop.IsCancellationRequested)
            {
                context.UpdateTarget(Render(Volatile.Read(ref _latest)));
                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            context.UpdateTarget(Render(Volatile.Read(ref _latest)));
        });
    }

    private Table Render(RunMetrics? m)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(_title)).AddColumn("").AddColumn("");
        table.HideHeaders();
        if (m is null)
        {
            table.AddRow("status", "starting…");
            return table;
        }

        void Row(string name, string value) => table.AddRow(name, Markup.Escape(value));
        Row("elapsed", $"{m.ElapsedSeconds:0.0} s");
        Row("env steps", string.Create(CultureInfo.InvariantCulture, $"{m.EnvSteps:N0}  ({m.EnvStepsPerSecond:N0}/s)"));
        Row("updates", string.Create(CultureInfo.InvariantCulture, $"{m.Updates:N0}  ({m.UpdatesPerSecond:N0}/s)"));
        Row("replay", string.Create(CultureInfo.InvariantCulture, $"{m.ReplaySize:N0}  (sampled/inserted {m.SamplesPerInsert:0.00})"));
        Row("epsilon", $"{Num(m.EpsilonMin, "0.####")} – {Num(m.EpsilonMax, "0.###")}");
        Row("loss", Num(m.Loss, "0.#####"));
        Row("train return", $"{Num(m.TrainMeanReturn, "0.0")}  ({m.TrainEpisodes} episodes)");
        Row("eval return (last 100)", $"{Num(m.EvalMeanReturn100, "0.0")}  ({m.EvalEpisodes} episodes)");
        Row("weights version", $"{m.WeightsVersion}  (max actor lag {m.WeightsVersionLagMax})");
        if (m.Nodes is { } nodes)
        {
            Row("actor nodes", string.Create(CultureInfo.InvariantCulture, $"{nodes} nodes, {m.NodeActors} actors  {m.NodeTransitionsPerSecond}"));
        }

        if (m.EnvErrors > 0)
        {
            Row("env errors", m.EnvErrors.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string Num(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";
}
