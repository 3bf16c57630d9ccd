using System.CommandLine;
using System.Text.Json.Nodes;
using Flock.Actors.Report;

namespace Flock.Actors.Cli;

/// <summary><c>flockrl report RUN_DIR [--json]</c>: writes RUN_DIR/report.html (and trace.html when the run has a trace).</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var runDir = new Argument<string>("run-dir") { Description = "the run directory (holding metrics.csv) to report on" };
        var json = CommonOptions.Json();
        var timeline = new Option<double>("--timeline-ms")
        {
            Description = "milliseconds of the run that trace.html draws",
            DefaultValueFactory = _ => RunReport.DefaultTimelineMillis,
            HelpName = "MS",
        };
        var command = new Command("report", "Write RUN_DIR/report.html: the run's curves and where time went, self-contained.") { runDir, json, timeline };
        command.SetAction(parse =>
        {
            var millis = parse.GetValue(timeline);
            if (!(millis > 0 && millis <= 3_600_000))
            {
                throw new UsageException($"--timeline-ms {millis.ToString(System.Globalization.CultureInfo.InvariantCulture)}: must be > 0 and ≤ 3600000");
            }

            RunReportResult result;
            try
            {
                result = RunReport.Write(parse.GetValue(runDir)!, millis);
            }
            catch (ReportInputException e)
            {
                throw new UsageException(e.Message);
            }

            if (result.Note is { } note)
            {
                Console.Error.WriteLine($"flockrl: note: {note}");
            }

            Console.Error.WriteLine($"flockrl: wrote {result.ReportFile}{(result.TimelineFile is null ? "" : $" and {result.TimelineFile}")}");
            if (parse.GetValue(json))
            {
                JsonResult.WriteLine(Console.Out, new JsonObject
                {
                    ["report"] = result.ReportFile,
                    ["trace"] = result.TraceFile,
                    ["timeline"] = result.TimelineFile,
                });
            }
            else
            {
                Console.Out.WriteLine(result.ReportFile);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
