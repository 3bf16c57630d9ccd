using System.CommandLine;
using Flock.Actors.Doctor;

namespace Flock.Actors.Cli;

/// <summary>
/// <c>flockrl doctor RUN_DIR [--json]</c>: reads a run directory and reports why the agent may not be converging. The
/// report goes to stdout; with --json it goes to stderr and stdout ends with the one JSON object.
/// </summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var runDir = new Argument<string>("run-dir") { Description = "the run directory (holding config.json and metrics.csv) to diagnose" };
        var json = CommonOptions.Json();
        var command = new Command("doctor", "Diagnose a run that is not converging: findings with evidence, likely cause and flags to try.") { runDir, json };
        command.SetAction(parse =>
        {
            RunRecord run;
            try
            {
                run = RunRecordLoader.Load(parse.GetValue(runDir)!);
            }
            catch (DoctorInputException e)
            {
                throw new UsageException(e.Message);
            }

            var diagnosis = RunDoctor.Diagnose(run);
            var text = DiagnosisText.Render(diagnosis);
            if (parse.GetValue(json))
            {
                Console.Error.Write(text);
                JsonResult.WriteLine(Console.Out, DiagnosisJson.Render(diagnosis));
            }
            else
            {
                Console.Out.Write(text);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
