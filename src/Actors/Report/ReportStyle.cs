namespace Flock.Actors.Report;

/// <summary>The inline stylesheet and palette shared by the report pages (no external CSS, fonts or scripts).</summary>
internal static class ReportStyle
{
    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];

    public const string Css = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
        .sub { color: #666; margin-bottom: 16px; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; text-align: right; }
        th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
        th { background: #f5f5f5; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; }
        svg.chart { border: 1px solid #e3e3e3; background: #fff; }
        svg .title { font-size: 13px; font-weight: 600; fill: #222; }
        svg .tick { font-size: 10px; fill: #555; } svg .axis { font-size: 11px; fill: #444; }
        svg .legend { font-size: 11px; font-weight: 600; } svg .empty { font-size: 12px; fill: #999; }
        svg .plot { fill: #fcfcfc; stroke: #ccc; } svg .grid { stroke: #eee; }
        svg path.series { fill: none; stroke-width: 1.8; stroke-linejoin: round; }
        svg .faded { opacity: 0.55; } svg path.series.faded { stroke-dasharray: 4 3; stroke-width: 1.4; } tr.faded td { color: #999; }
        svg .level { stroke: #2ca02c; stroke-width: 1.2; stroke-dasharray: 6 4; } svg .marker { stroke: #555; stroke-width: 1; stroke-dasharray: 3 3; }
        svg .mark-label { font-size: 10px; fill: #444; } svg .swatch { stroke-width: 3; }
        .bar { display: inline-block; height: 9px; background: #1f77b4; vertical-align: middle; }
        .lane { font-size: 11px; fill: #333; } .span-label { font-size: 9px; fill: #fff; pointer-events: none; }
        """;
}
