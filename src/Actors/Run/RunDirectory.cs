using System.Text.Json;
using Flock.Shared.Configuration;
using Flock.Shared.Storage;

namespace Flock.Actors.Run;

/// <summary>
/// The folder a run leaves behind: <c>config.json</c> (the effective configuration; it holds no
/// secret), <c>metrics.csv</c>, <c>summary.json</c>, <c>checkpoint.bin</c> (the best evaluated weights
/// version) and <c>checkpoint-last.bin</c> (the learner's full state, written periodically and at stop; what
/// <c>--resume</c> reads). A run holds its directory's lock while it lives (<see cref="RunDirectoryClaim"/>);
/// disposing releases it.
/// </summary>
public sealed class RunDirectory : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly RunDirectoryClaim? _claim;

    private RunDirectory(string path, RunDirectoryClaim? claim)
    {
        Path = path;
        _claim = claim;
    }

    public string Path { get; }

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    public string MetricsFile => System.IO.Path.Combine(Path, "metrics.csv");

    public string SummaryFile => System.IO.Path.Combine(Path, "summary.json");

    /// <summary>The best weights version the evaluator judged over 100 episodes of its own, with that mean.</summary>
    public string CheckpointFile => System.IO.Path.Combine(Path, "checkpoint.bin");

    /// <summary>The learner's latest full state: written periodically and at stop, read by every <c>--resume</c>.</summary>
    public string LastCheckpointFile => LastCheckpointOf(Path);

    /// <summary>Where failures are written in full (stack traces), while stderr gets one line each.</summary>
    public string LogFile => System.IO.Path.Combine(Path, "run.log");

    /// <summary>True when this directory continues an earlier run (<c>--resume</c>): metrics are appended.</summary>
    public bool Resumed { get; private init; }

    /// <summary>The checkpoint <c>--resume</c> reads in a run directory.</summary>
    public static string LastCheckpointOf(string runDir) => System.IO.Path.Combine(runDir, "checkpoint-last.bin");

    /// <summary>
    /// Claims the run directory (default <c>runs/&lt;env&gt;-&lt;utc stamp&gt;-s&lt;seed&gt;-&lt;random&gt;</c>, never shared
    /// with another run) and writes config.json. An existing non-empty <c>--out</c> is refused unless
    /// <paramref name="mode"/> says to resume or replace it.
    /// </summary>
    public static RunDirectory Create(RunConfig config, DateTime utcNow, RunDirectoryMode mode = RunDirectoryMode.New)
    {
        var claim = config.Out is { } path ? RunDirectoryClaim.Claim(path, mode) : RunDirectoryClaim.CreateDefault("runs", config.Env, config.Seed, utcNow);
        try
        {
            var directory = new RunDirectory(claim.Path, claim) { Resumed = mode == RunDirectoryMode.Resume };
            AtomicFile.WriteAllText(directory.ConfigFile, RunConfigJson.Serialize(config));
            return directory;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>An existing run directory, to read (<c>flockrl report</c>, <c>flockrl doctor</c>); nothing is checked, claimed or written.</summary>
    public static RunDirectory Open(string path) => new(System.IO.Path.GetFullPath(path), claim: null);

    /// <summary>
    /// Why <paramref name="path"/> cannot be read as a run directory (it is a file, or nothing is there), or null when
    /// it is a folder; <paramref name="holding"/> names the files the reader needs, for the message.
    /// </summary>
    public static string? NotReadable(string path, string holding) =>
        Directory.Exists(path) ? null
        : File.Exists(path) ? $"{path}: is a file; give the run directory (the one holding {holding})"
        : $"{path}: no such run directory";

    /// <summary>Replaces summary.json whole (a crash or a full disk leaves the previous one).</summary>
    public void WriteSummary(RunSummary summary) => AtomicFile.WriteAllText(SummaryFile, JsonSerializer.Serialize(summary, Indented));

    /// <summary>
    /// A periodic save: checkpoint-last.bin and the summary of the same moment, written together (see
    /// <see cref="AtomicFile.WriteTogether"/>), so a run killed during the save keeps the previous pair rather than
    /// a checkpoint whose counters its summary.json does not show.
    /// </summary>
    public void WriteLastCheckpointAndSummary(Action<Stream> checkpoint, RunSummary summary)
    {
        var json = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(summary, Indented));
        AtomicFile.WriteTogether((LastCheckpointFile, checkpoint), (SummaryFile, stream => stream.Write(json)));
    }

    public void Dispose() => _claim?.Dispose();
}
