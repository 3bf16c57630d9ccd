using System.Globalization;

namespace Flock.Actors.Telemetry;

/// <summary>
/// The size a <c>--trace-file</c> has grown to, for the progress line: a trace at a high sample ratio grows by about
/// 100 MB a minute per million env steps a second, and the user should see that before the disk does.
/// </summary>
public static class TraceFileSize
{
    /// <summary>Words for the progress line ("trace 1.7 MB"), read afresh each time; null when there is no trace file.</summary>
    public static Func<string?>? Describe(string? path) => path is null
        ? null
        : () =>
        {
            var file = new FileInfo(path);
            return file.Exists ? string.Create(CultureInfo.InvariantCulture, $"trace {file.Length / 1e6:0.0} MB") : null;
        };
}
