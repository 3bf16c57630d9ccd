using System.Globalization;

namespace Flock.Actors.Tests.Cluster.Support;

/// <summary>Reads a run's metrics.csv while the run is writing it.</summary>
public static class MetricsFile
{
    /// <summary>Every complete row as column name → cell.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(string runDir)
    {
        var path = Path.Combine(runDir, "metrics.csv");
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var lines = text.Split('\n');
        if (lines.Length < 2)
        {
            return [];
        }

        var header = lines[0].Trim().Split(',');
        var rows = new List<IReadOnlyDictionary<string, string>>();

        // The last element is empty when the file ends with a newline, or a row still being written.
        foreach (var line in lines.Skip(1).SkipLast(1))
        {
            var cells = line.Trim().Split(',');
            if (cells.Length == header.Length)
            {
                rows.Add(header.Zip(cells).ToDictionary(p => p.First, p => p.Second));
            }
        }

        return rows;
    }

    public static IReadOnlyDictionary<string, string>? Last(string runDir) => Rows(runDir).LastOrDefault();

    public static double Number(IReadOnlyDictionary<string, string>? row, string column) =>
        row is not null && row.TryGetValue(column, out var cell) && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    /// <summary>The transitions/s a metrics row gives for one node (its <c>node_transitions_per_second</c>), 0 when it is not listed.</summary>
    public static double NodeRate(IReadOnlyDictionary<string, string> row, string node) =>
        row["node_transitions_per_second"].Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .Where(p => p.Length == 2 && p[0] == node)
            .Select(p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
}
