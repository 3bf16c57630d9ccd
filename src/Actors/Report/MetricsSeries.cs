using System.Text;
using Flock.Actors.Run;

namespace Flock.Actors.Report;

/// <summary>
/// The columns of a run's <c>metrics.csv</c>, by name, as doubles (an empty cell is NaN). Reads any set of
/// columns, so reports of older runs that lack the newer ones still work.
/// </summary>
public sealed class MetricsSeries
{
    private readonly Dictionary<string, double[]> _columns;
    private readonly Dictionary<string, int> _firstNonFinite;

    private MetricsSeries(Dictionary<string, double[]> columns, int rows, IncompleteLine? droppedLastLine, Dictionary<string, int> firstNonFinite)
    {
        _columns = columns;
        _firstNonFinite = firstNonFinite;
        Rows = rows;
        DroppedLastLine = droppedLastLine;
    }

    public int Rows { get; }

    /// <summary>The final line that was left out because it was cut short (see <see cref="Load"/>); null when none was.</summary>
    public IncompleteLine? DroppedLastLine { get; }

    public IEnumerable<string> Names => _columns.Keys;

    /// <summary>
    /// Reads metrics.csv in one streaming pass over its UTF-8 bytes, with no string per line or cell (a day-long run has
    /// millions of rows; see <see cref="Utf8Lines"/> and <see cref="Utf8Double"/>). A final line with fewer cells than
    /// the header is left out and reported in <see cref="DroppedLastLine"/>: a run killed while writing a row leaves one
    /// behind (rows are written whole, so only the last can be cut). This is the one rule for a cut-off line, the same
    /// for <c>flockrl report</c> and <c>flockrl doctor</c>; a short line anywhere else is an error.
    /// </summary>
    /// <param name="path">The metrics.csv file.</param>
    public static MetricsSeries Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportInputException($"{path}: not found; a run directory holds the metrics.csv its run wrote");
        }

        using var lines = new Utf8Lines(path);
        if (!lines.TryRead(out var header))
        {
            throw new ReportInputException($"{path}: empty; expected a header line of column names");
        }

        var names = Encoding.UTF8.GetString(header).Split(',');
        foreach (var required in new[] { MetricsColumns.ElapsedSeconds, MetricsColumns.EnvSteps })
        {
            if (!names.Contains(required))
            {
                throw new ReportInputException($"{path}: no '{required}' column in the header; is this a Flock metrics.csv?");
            }
        }

        var text = names.Select(MetricsCsvWriter.TextColumnNames.Contains).ToArray();
        // Each column is allocated once at its final length (less a cut last line), so the columns are all the memory a
        // long run costs: growing lists would double and copy, holding up to three times a column at the last doubling.
        var capacity = Math.Max(0, CountLines(path) - 1);
        // Uninitialized (no clearing pass over hundreds of MB): every element below the row count is written, the rest cut off.
        var values = names.Select(_ => GC.AllocateUninitializedArray<double>(capacity)).ToArray();
        var firstNonFinite = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 1;
        var rows = 0;
        (int Line, int Cells)? shortLine = null;
        while (lines.TryRead(out var line))
        {
            lineNumber++;
            if (shortLine is { } earlier)
            {
                // The short line was not the last: it is damage, not a cut.
                throw ShortLine(path, earlier.Line, earlier.Cells, names);
            }

            var cells = line.Count((byte)',') + 1;
            if (cells > names.Length)
            {
                throw new ReportInputException($"{path}: line {lineNumber} has {cells} cells, the header has {names.Length}");
            }

            if (cells < names.Length)
            {
                shortLine = (lineNumber, cells);
                continue;
            }

            if (rows == values[0].Length)
            {
                // Lines were added since they were counted (the run is still writing).
                for (var c = 0; c < names.Length; c++)
                {
                    Array.Resize(ref values[c], Math.Max(16, rows + (rows / 2)));
                }
            }

            var rest = line;
            for (var c = 0; c < names.Length; c++)
            {
                var comma = rest.IndexOf((byte)',');
                var cell = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? default : rest[(comma + 1)..];
                var value = text[c] ? double.NaN : Parse(cell, path, lineNumber, names[c]);
                if (!double.IsFinite(value) && cell.Length > 0)
                {
                    // Written out as NaN or ∞, not left empty: a value that was there and was not finite.
                    firstNonFinite.TryAdd(names[c], rows);
                }

                values[c][rows] = value;
            }

            rows++;
        }

        var dropped = shortLine is { } cut ? new IncompleteLine(cut.Line, cut.Cells, names.Length) : null;
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var c = 0; c < names.Length; c++)
        {
            if (values[c].Length != rows)
            {
                Array.Resize(ref values[c], rows);
            }

            columns[names[c]] = values[c];
        }

        return new MetricsSeries(columns, rows, dropped, firstNonFinite);
    }

    /// <summary>The file's non-empty lines, counted in a first pass that costs a fraction of parsing them.</summary>
    private static int CountLines(string path)
    {
        using var lines = new Utf8Lines(path);
        var count = 0;
        while (lines.TryRead(out _))
        {
            count++;
        }

        return count;
    }

    /// <summary>The note both tools print when the last line was cut and left out.</summary>
    public string? DroppedLastLineNote => DroppedLastLine is { } cut
        ? $"metrics.csv: the last line is incomplete ({cut.Cells} of {cut.HeaderCells} cells; the run was probably killed); ignored"
        : null;

    private static ReportInputException ShortLine(string path, int line, int cells, string[] names) =>
        new($"{path}: line {line} has {cells} cells, the header has {names.Length} (nothing from column '{names[cells]}' on)");

    /// <summary>The first row (0-based) where <paramref name="name"/> held NaN or ∞ written out (not an empty cell), or null.</summary>
    public int? FirstNonFinite(string name) => _firstNonFinite.TryGetValue(name, out var row) ? row : null;

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

    /// <summary>A cell as UTF-8 bytes: parsed without making a string of it, except for the rare cell that is not a plain number.</summary>
    private static double Parse(ReadOnlySpan<byte> cell, string path, int line, string column)
    {
        if (cell.Length == 0)
        {
            return double.NaN;
        }

        if (Utf8Double.TryParse(cell, out var value))
        {
            return value;
        }

        var written = Encoding.UTF8.GetString(cell);
        return NonFinite(written) is { } special ? special
            : throw new ReportInputException($"{path}: line {line}, column '{column}': '{written}' is not a number");
    }

    /// <summary>NaN and ∞ as other tools spell them (nan, inf, -inf, ∞), so such a file is read, not refused.</summary>
    private static double? NonFinite(ReadOnlySpan<char> cell)
    {
        var negative = cell.StartsWith("-");
        var body = cell.TrimStart("+-");
        return body.Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN
            : body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase) || body.SequenceEqual("∞")
                ? (negative ? double.NegativeInfinity : double.PositiveInfinity)
            : null;
    }

    /// <summary>A line of metrics.csv with fewer cells than the header.</summary>
    /// <param name="Line">Its line number (the header is line 1).</param>
    /// <param name="Cells">Cells it has.</param>
    /// <param name="HeaderCells">Cells the header has.</param>
    public sealed record IncompleteLine(int Line, int Cells, int HeaderCells);
}
