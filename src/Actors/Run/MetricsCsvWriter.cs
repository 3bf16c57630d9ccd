using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Flock.Actors.Run;

/// <summary>
/// Appends <see cref="RunMetrics"/> rows to <c>metrics.csv</c>, one column per property in snake_case,
/// flushed per row so a crashed or interrupted run still leaves its time series behind.
/// </summary>
public sealed class MetricsCsvWriter : IDisposable
{
    private static readonly PropertyInfo[] Columns = typeof(RunMetrics).GetProperties().OrderBy(p => p.MetadataToken).ToArray();

    private readonly StreamWriter _writer;
    private readonly StringBuilder _line = new();

    public MetricsCsvWriter(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        _writer.WriteLine(string.Join(',', ColumnNames));
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

    public void Dispose() => _writer.Dispose();
}
