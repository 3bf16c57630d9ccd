using System.Globalization;
using System.Text.Json;
using Flock.Shared.Configuration;

namespace Flock.Actors.Run;

/// <summary>
/// The folder a run leaves behind: <c>config.json</c> (the effective configuration; it holds no
/// secret), <c>metrics.csv</c>, <c>summary.json</c> and <c>checkpoint.bin</c>.
/// </summary>
public sealed class RunDirectory
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private RunDirectory(string path) => Path = path;

    public string Path { get; }

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    public string MetricsFile => System.IO.Path.Combine(Path, "metrics.csv");

    public string SummaryFile => System.IO.Path.Combine(Path, "summary.json");

    public string CheckpointFile => System.IO.Path.Combine(Path, "checkpoint.bin");

    /// <summary>Creates the run directory (default <c>runs/&lt;env&gt;-&lt;utc stamp&gt;</c>) and writes config.json.</summary>
    public static RunDirectory Create(RunConfig config, DateTime utcNow)
    {
        var path = config.Out ?? DefaultPath("runs", config.Env, utcNow);
        path = System.IO.Path.GetFullPath(path);
        if (File.Exists(path))
        {
            throw new Cli.UsageException($"--out {path}: is a file; the run directory must be a folder");
        }

        Directory.CreateDirectory(path);
        var directory = new RunDirectory(path);
        File.WriteAllText(directory.ConfigFile, RunConfigJson.Serialize(config));
        return directory;
    }

    /// <summary><c>root/&lt;env&gt;-&lt;utc stamp&gt;</c>, the env id made safe for a file name.</summary>
    public static string DefaultPath(string root, string env, DateTime utcNow) =>
        System.IO.Path.Combine(root, $"{SafeName(env)}-{utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    /// <summary>An existing run directory, to read (<c>flockrl report</c>, <c>flockrl doctor</c>); nothing is checked or written.</summary>
    public static RunDirectory Open(string path) => new(System.IO.Path.GetFullPath(path));

    /// <summary>
    /// Why <paramref name="path"/> cannot be read as a run directory (it is a file, or nothing is there), or null when
    /// it is a folder; <paramref name="holding"/> names the files the reader needs, for the message.
    /// </summary>
    public static string? NotReadable(string path, string holding) =>
        Directory.Exists(path) ? null
        : File.Exists(path) ? $"{path}: is a file; give the run directory (the one holding {holding})"
        : $"{path}: no such run directory";

    public void WriteSummary(RunSummary summary) => File.WriteAllText(SummaryFile, JsonSerializer.Serialize(summary, Indented));

    private static string SafeName(string env) => string.Concat(env.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
