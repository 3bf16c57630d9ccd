using Flock.Actors.Tests.Doctor.Support;
using Flock.Environments.Tests.Registry;
using Flock.Shared.Configuration;

namespace Flock.Actors.Tests.Doctor;

/// <summary>
/// The doctor never runs a run's own code: a run of the sample Corridor-v0 whose --env-assembly is right there and
/// loadable is still judged from summary.json and the episodes it saw, not from the assembly's registration.
/// </summary>
public sealed class CustomEnvironmentDoctorTests(CustomEnvSampleBuild sample) : IClassFixture<CustomEnvSampleBuild>
{
    [Fact]
    public void A_loadable_env_assembly_is_not_loaded()
    {
        // The assembly registers Corridor-v0 with a threshold of 0.9 and a time limit of 50 steps; summary.json says 0.8.
        var config = new RunConfig { Env = "Corridor-v0", EnvAssembly = [sample.AssemblyPath], ReplayCapacity = 300, ReplayMinSize = 300 };
        var rows = LearningCurve.Rows().With((r, i) => r with { TrainEpisodes = i * 1_000L, EvalMeanReturn100 = 0.05 * i, TrainMeanReturn = 0.03 * i, MeanAbsQ = i == 0 ? double.NaN : 0.5 });

        var run = RecordedRun.Load(rows, config, RecordedRun.Summary(false, env: "Corridor-v0", threshold: 0.8));

        Assert.Equal(0.8, run.Environment.SolveThreshold);
        Assert.Null(run.Environment.MaxEpisodeSteps);
        Assert.Equal("the solve threshold recorded in summary.json: the doctor loads no --env-assembly", run.Returns.ScaleSource);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == Path.GetFileNameWithoutExtension(sample.AssemblyPath));
    }
}
