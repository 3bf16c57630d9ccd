using System.Globalization;
using Flock.Actors.Run;

namespace Flock.Actors.Report;

/// <summary>
/// The columns of a run's <c>metrics.csv</c>, by name, as doubles (an empty cell is NaN). Reads any set of
/// columns, so reports of older runs that lack the newer ones still work.
/// </summary>
public sealed class MetricsSeries
{
    private readonly Dictionary<string, double[]> _columns;

    private MetricsSeries(Dictionary<string, double[]> columns, int rows, IncompleteLine? droppedLastLine)
    {
        _columns = columns;
        Rows = rows;
        DroppedLastLine = droppedLastLine;
    }

    public int Rows { get; }

    /// <summary>The final line that was left out because it was cut short (see <see cref="Load"/>); null when none was.</summary>
    public IncompleteLine? DroppedLastLine { get; }

    public IEnumerable<string> Names => _columns.Keys;

    /// <param name="path">The metrics.csv file.</param>
    /// <param name="dropIncompleteLastLine">
    /// Leave out a final line with fewer cells than the header instead of failing: a run killed while writing a row
    /// leaves one behind (rows are flushed whole, so only the last can be cut). A short line anywhere else is still an error.
    /// </param>
    public static MetricsSeries Load(string path, bool dropIncompleteLastLine = false)
    {
        if (!File.Exists(path))
        {
            throw new ReportInputException($"{path}: not found; a run directory holds the metrics.csv its run wrote");
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0)
        {
            throw new ReportInputException($"{path}: empty; expected a header line of column names");
        }

        var names = lines[0].Split(',');
        foreach (var required in new[] { MetricsColumns.ElapsedSeconds, MetricsColumns.EnvSteps })
        {
            if (!names.Contains(required))
            {
                throw new ReportInputException($"{path}: no '{required}' column in the header; is this a Flock metrics.csv?");
            }
        }

        IncompleteLine? dropped = null;
        if (dropIncompleteLastLine && lines.Length > 1 && lines[^1].Split(',').Length is var cut && cut < names.Length)
        {
            dropped = new IncompleteLine(lines.Length, cut, names.Length);
            lines = lines[..^1];
        }

        var values = names.Select(_ => new double[lines.Length - 1]).ToArray();
        for (var row = 1; row < lines.Length; row++)
        {
            var cells = lines[row].Split(',');
            if (cells.Length != names.Length)
            {
                throw new ReportInputException($"{path}: line {row + 1} has {cells.Length} cells, the header has {names.Length}" +
                    (cells.Length < names.Length ? $" (nothing from column '{names[cells.Length]}' on)" : ""));
            }

            for (var c = 0; c < cells.Length; c++)
            {
                values[c][row - 1] = MetricsCsvWriter.TextColumnNames.Contains(names[c]) ? double.NaN : Parse(cells[c], path, row + 1, names[c]);
            }
        }

        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var c = 0; c < names.Length; c++)
        {
            columns[names[c]] = values[c];
        }

        return new MetricsSeries(columns, lines.Length - 1, dropped);
    }

    /// <summary>The column, or null when the run did not record it.</summary>
    public double[]? Get(string name) => _columns.GetValueOrDefault(name);

    /// <summary>The last finite value of a column, or NaN.</summary>
    public double Last(string name)
    {
        var column = Get(name);
        if (column is null)
        {
            return double.NaN;
        }

        for (var i = column.Length - 1; i >= 0; i--)
        {
            if (double.IsFinite(column[i]))
            {
                return column[i];
            }
        }

        return double.NaN;
    }

    private static double Parse(string cell, string path, int line, string column)
    {
        if (cell.Length == 0)
        {
            return double.NaN;
        }

        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ReportInputException($"{path}: line {line}, column '{column}': '{cell}' is not a number");
    }

    /// <summary>A line of metrics.csv with fewer cells than the header.</summary>
    /// <param name="Line">Its line number (the header is line 1).</param>
    /// <param name="Cells">Cells it has.</param>
    /// <param name="HeaderCells">Cells the header has.</param>
    public sealed record IncompleteLine(int Line, int Cells, int HeaderCells);
}
