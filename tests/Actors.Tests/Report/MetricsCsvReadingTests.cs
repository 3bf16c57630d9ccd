using System.Globalization;
using System.Text;
using Flock.Actors.Report;
using Flock.Actors.Run;
using FsCheck;
using FsCheck.Fluent;

namespace Flock.Actors.Tests.Report;

/// <summary>
/// The byte-level reader of metrics.csv gives the values the text parser gives: every cell as
/// <see cref="double.Parse(string, NumberStyles, IFormatProvider?)"/> reads it, whatever the number's form, the line
/// endings or a byte order mark; a cut last line is left out and a short line before the last is an error, as before.
/// </summary>
public sealed class MetricsCsvReadingTests : IDisposable
{
    private static readonly string[] Formats = ["G6", "R", "G17", "E3", "F2", "0.############", "e"];

    private readonly string _root = Directory.CreateTempSubdirectory("flock-metrics-read-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A cell as a writer may spell it: any double in any common format, an empty cell, or NaN/∞ spelt out.</summary>
    private static Gen<string> Cell =>
        Gen.OneOf(
            Gen.Elements(Formats).SelectMany(f => AnyDouble.Select(d => d.ToString(f, CultureInfo.InvariantCulture))),
            Gen.Choose(-1_000_000, 1_000_000).Select(n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Elements("", "", "NaN", "-Infinity", "Infinity", "0", "-0", "0.0", ".5", "5.", "1e22", "1e23", "9007199254740993", "123456789012345", "1234567890123456", " 7", "+3.5e-07"));

    private static Gen<double> AnyDouble =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<double>(),
            Gen.Choose(-999_999, 999_999).SelectMany(m => Gen.Choose(-30, 30).Select(e => m * Math.Pow(10, e))),
            ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble));

    [Fact]
    public void A_cell_parses_to_the_double_the_text_parser_gives()
    {
        Prop.ForAll(Cell.ToArbitrary(), cell =>
        {
            var expected = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : (double?)null;
            var actual = Utf8Double.TryParse(Encoding.UTF8.GetBytes(cell), out var a) ? a : (double?)null;
            return expected.HasValue == actual.HasValue && (expected is null || BitConverter.DoubleToInt64Bits(expected.Value) == BitConverter.DoubleToInt64Bits(actual!.Value));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Rows_written_then_read_give_every_value_back_whatever_the_line_endings()
    {
        var rows = Gen.Choose(1, 30).SelectMany(n => Cell.ArrayOf(3).ArrayOf(n));
        var endings = Gen.Elements("\n", "\r\n", "\r");
        Prop.ForAll(rows.ToArbitrary(), endings.ToArbitrary(), ArbMap.Default.ArbFor<bool>(), (cells, ending, bom) =>
        {
            var path = Write(["elapsed_seconds,env_steps,loss", .. cells.Select(r => string.Join(',', r))], ending, bom);
            var series = MetricsSeries.Load(path);
            for (var c = 0; c < 3; c++)
            {
                var column = series.Get(new[] { MetricsColumns.ElapsedSeconds, MetricsColumns.EnvSteps, MetricsColumns.Loss }[c])!;
                for (var r = 0; r < cells.Length; r++)
                {
                    if (BitConverter.DoubleToInt64Bits(column[r]) != BitConverter.DoubleToInt64Bits(Expected(cells[r][c])))
                    {
                        return false;
                    }
                }
            }

            return series.Rows == cells.Length && series.DroppedLastLine is null;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_last_line_cut_anywhere_is_left_out_and_a_short_line_before_the_last_is_an_error()
    {
        var rows = Gen.Choose(2, 20).SelectMany(n => Gen.Choose(1, 9).Select(v => Enumerable.Range(0, n).Select(i => $"{i * 0.5},{i * 100},{v}.25").ToArray()));
        Prop.ForAll(rows.ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (lines, cutAt) =>
        {
            // Cut the last line before its last comma: fewer cells than the header, as a kill mid-write leaves it.
            var last = lines[^1];
            var cut = last[..Math.Min(cutAt, last.LastIndexOf(','))];
            var series = MetricsSeries.Load(Write(["elapsed_seconds,env_steps,loss", .. lines[..^1], cut], "\n", bom: false));
            var damaged = Write(["elapsed_seconds,env_steps,loss", cut, .. lines[..^1]], "\n", bom: false);
            var error = Record.Exception(() => MetricsSeries.Load(damaged));
            return series.Rows == lines.Length - 1 && series.DroppedLastLine is { Line: var line } && line == lines.Length + 1
                && error is ReportInputException { Message: var message } && message.Contains("line 2 has", StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_line_longer_than_the_read_buffer_and_blank_lines_are_read_as_before()
    {
        var wide = string.Join(',', Enumerable.Range(0, 300_000).Select(i => $"c{i}"));
        var values = string.Join(',', Enumerable.Range(0, 300_000).Select(i => (i * 0.25).ToString(CultureInfo.InvariantCulture)));
        var path = Write([$"elapsed_seconds,env_steps,{wide}", "", $"1,2,{values}", "", $"3,4,{values}"], "\n", bom: false);

        var series = MetricsSeries.Load(path);

        Assert.Equal(2, series.Rows);
        Assert.Equal([2.0, 4.0], series.Get(MetricsColumns.EnvSteps)!);
        Assert.Equal(74_999.75, series.Get("c299999")![1]);
    }

    private static double Expected(string cell) =>
        cell.Length == 0 ? double.NaN
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : cell.Contains("Infinity", StringComparison.Ordinal) ? (cell.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity)
        : double.NaN;

    private string Write(IEnumerable<string> lines, string ending, bool bom)
    {
        var path = Path.Combine(_root, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join(ending, lines) + ending, new UTF8Encoding(bom));
        return path;
    }
}
