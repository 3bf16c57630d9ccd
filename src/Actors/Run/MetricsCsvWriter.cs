using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Flock.Actors.Run;

/// <summary>
/// Appends <see cref="RunMetrics"/> rows to <c>metrics.csv</c>, one column per property in snake_case,
/// flushed per row so a crashed or interrupted run still leaves its time series behind. A resumed run appends to
/// the file its earlier sessions wrote (after cutting a last line that a kill left half-written); a file with other
/// columns (an older version's) is kept beside it as <c>metrics.before-resume-N.csv</c> and a new one started.
/// </summary>
public sealed class MetricsCsvWriter : IDisposable
{
    private static readonly PropertyInfo[] Columns = typeof(RunMetrics).GetProperties().OrderBy(p => p.MetadataToken).ToArray();

    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new();

    public MetricsCsvWriter(string path, bool append = false)
    {
        var header = string.Join(',', ColumnNames);
        var continuing = append && PrepareToAppend(path, header);
        _writer = new StreamWriter(path, append: continuing, new UTF8Encoding(false));
        if (!continuing)
        {
            _writer.WriteLine(header);
        }

        _writer.Flush();
    }

    public static IReadOnlyList<string> ColumnNames { get; } = Columns.Select(c => ColumnName(c.Name)).ToArray();

    /// <summary>Columns that hold text, not numbers (e.g. per-node rates as <c>a=1200;b=900</c>): readers must not parse them as numbers.</summary>
    public static IReadOnlySet<string> TextColumnNames { get; } = Columns.Where(c => c.PropertyType == typeof(string)).Select(c => ColumnName(c.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The column of a <see cref="RunMetrics"/> property (<c>nameof(RunMetrics.MeanAbsQ)</c> → <c>mean_abs_q</c>), for readers that must not spell names by hand.</summary>
    public static string ColumnName(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);

    public void Append(RunMetrics row)
    {
        _line.Clear();
        for (var i = 0; i < Columns.Length; i++)
        {
            if (i > 0)
            {
                _line.Append(',');
            }

            _line.Append(Columns[i].GetValue(row) switch
            {
                double d when !double.IsFinite(d) => "",
                double d => d.ToString("G6", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other?.ToString() ?? "",
            });
        }

        _writer.WriteLine(_line);
        _writer.Flush();
    }

    /// <summary>Forces the rows written so far onto the disk (at checkpoint moments), not only into the OS's cache.</summary>
    public void FlushToDisk()
    {
        _writer.Flush();
        ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>True when <paramref name="path"/> holds rows of these columns to append to; its cut-off last line, if any, is removed.</summary>
    private static bool PrepareToAppend(string path, string header)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        string? existingHeader;
        using (var reader = new StreamReader(path))
        {
            existingHeader = reader.ReadLine();
        }

        if (existingHeader != header)
        {
            if (existingHeader is not null)
            {
                var n = 1;
                while (File.Exists(Path.ChangeExtension(path, $".before-resume-{n}.csv")))
                {
                    n++;
                }

                File.Move(path, Path.ChangeExtension(path, $".before-resume-{n}.csv"));
            }

            return false;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(CompleteLinesLength(file));
        return true;
    }

    /// <summary>Bytes up to and including the last newline: what is left when a half-written last row is cut.</summary>
    private static long CompleteLinesLength(FileStream file)
    {
        var buffer = new byte[4096];
        var end = file.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            file.Position = start;
            var count = (int)(end - start);
            file.ReadExactly(buffer, 0, count);
            var newline = Array.LastIndexOf(buffer, (byte)'\n', count - 1);
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }
}
