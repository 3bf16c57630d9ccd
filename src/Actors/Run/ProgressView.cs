using System.Globalization;
using Spectre.Console;

namespace Flock.Actors.Run;

/// <summary>
/// Shows a run's progress on stderr: a live table when stderr is a terminal, otherwise one plain line
/// every few seconds (logs and CI stay readable). Never writes to stdout, which belongs to --json.
/// </summary>
public sealed class ProgressView : IAsyncDisposable
{
    /// <summary>Plain lines come at 5 s, 10 s, 15 s… of the run (the README's "a line every 5 s").</summary>
    public const double PlainIntervalSeconds = 5;

    /// <summary>
    /// A row this close before a 5-s mark counts as at it: rows come every metrics interval, a few milliseconds off
    /// the second, and waiting for the first row past the mark made the lines 6 s apart.
    /// </summary>
    private const double PlainMarkTolerance = 0.5;

    private readonly string _title;
    private readonly bool _live;
    private readonly TextWriter _plain;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _liveLoop = Task.CompletedTask;
    private RunMetrics? _latest;
    private RunMetrics? _lastPrinted;
    private double _nextPlainSeconds = PlainIntervalSeconds;

    private ProgressView(string title, bool live, TextWriter plain)
    {
        _title = title;
        _live = live;
        _plain = plain;
        if (live)
        {
            _liveLoop = Task.Run(RunLiveAsync);
        }
    }

    /// <summary>A view that prints nothing (for --no-progress).</summary>
    public static ProgressView Silent() => new("", live: false, TextWriter.Null) { IsSilent = true };

    public static ProgressView Create(string title) => new(title, live: !Console.IsErrorRedirected && !Console.IsOutputRedirected, Console.Error);

    /// <summary>A view writing plain lines to <paramref name="output"/>, as a redirected stderr gets them.</summary>
    internal static ProgressView Plain(string title, TextWriter output) => new(title, live: false, output);

    /// <summary>Extra words for the plain line and the live table (the trace file's size), read at each line.</summary>
    public Func<string?>? Extra { get; set; }

    private bool IsSilent { get; init; }

    public void Report(RunMetrics metrics)
    {
        Volatile.Write(ref _latest, metrics);
        if (_live || IsSilent)
        {
            return;
        }

        // Before the first 5-s mark the actors' and learner's counts have not all come in yet (the first row read
        // "steps 0 … v0" however much was done), so the first line waits for the mark.
        if (metrics.ElapsedSeconds + PlainMarkTolerance >= _nextPlainSeconds)
        {
            while (_nextPlainSeconds <= metrics.ElapsedSeconds + PlainMarkTolerance)
            {
                _nextPlainSeconds += PlainIntervalSeconds;
            }

            _lastPrinted = metrics;
            _plain.WriteLine(PlainLine(_title, metrics) + ExtraPart());
        }
    }

    private string ExtraPart() => Extra?.Invoke() is { Length: > 0 } extra ? " " + extra : string.Empty;

    /// <summary>One line with the figures that matter most, e.g. for logs.</summary>
    public static string PlainLine(string title, RunMetrics m) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{m.ElapsedSeconds,6:0.0}s] {title} steps {m.EnvSteps:N0} ({m.EnvStepsPerSecond:N0}/s) updates {m.Updates:N0} ({m.UpdatesPerSecond:N0}/s) replay {m.ReplaySize:N0} eps {Num(m.EpsilonMin, "0.####")}-{Num(m.EpsilonMax, "0.###")} loss {Num(m.Loss, "0.####")} train {Num(m.TrainMeanReturn, "0.#")} eval100 {Num(m.EvalMeanReturn100, "0.#")} ({m.EvalEpisodes} ep) v{m.WeightsVersion}{ClusterPart(m)}{(EnvironmentBottleneck.Describe(m) is { } slow ? $" bottleneck: {slow}" : "")}");

    /// <summary>Nodes, actors and per-node rates of a cluster run; nothing for a local run.</summary>
    private static string ClusterPart(RunMetrics m) => m.Nodes is { } nodes
        ? string.Create(CultureInfo.InvariantCulture, $" nodes {nodes} actors {m.NodeActors} [{m.NodeTransitionsPerSecond}]{(m.GarbageMessages > 0 ? $" garbage {m.GarbageMessages}" : "")}")
        : "";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _liveLoop;
        // The last row, unless it was just printed.
        if (!_live && !IsSilent && Volatile.Read(ref _latest) is { } last && !ReferenceEquals(last, _lastPrinted))
        {
            _plain.WriteLine(PlainLine(_title, last) + ExtraPart());
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

        if (EnvironmentBottleneck.Describe(m) is { } slow)
        {
            Row("bottleneck", slow);
        }

        if (Extra?.Invoke() is { Length: > 0 } extra)
        {
            Row("telemetry", extra);
        }

        return table;
    }

    private static string Num(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";
}
